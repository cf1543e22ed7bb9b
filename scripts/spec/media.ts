/**
 * Non-JSON bodies as what they are: bytes. tsoa writes some as `format: byte` (base64 text), which
 * is not what is sent; every response or request body that is neither JSON nor text is
 * `type: string, format: binary`.
 */
type Json = Record<string, any>;

const isTextual = (mediaType: string) => /json|^text\/|xml|x-www-form-urlencoded|multipart\//i.test(mediaType);

function fix(content: Json | undefined) {
  for (const [type, media] of Object.entries<Json>(content ?? {})) {
    if (isTextual(type) || !media?.schema || media.schema.type !== 'string') continue;
    media.schema = { ...media.schema, format: 'binary' };
  }
}

export function documentBinaryBodies(spec: Json): void {
  for (const item of Object.values<Json>(spec.paths ?? {})) {
    for (const operation of Object.values<Json>(item)) {
      if (!operation || typeof operation !== 'object') continue;
      fix(operation.requestBody?.content);
      for (const response of Object.values<Json>(operation.responses ?? {})) fix(response?.content);
    }
  }
}
