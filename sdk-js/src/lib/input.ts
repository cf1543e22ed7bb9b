/**
 * A request body or parameter object as the client's methods take it: the generated type `T` where
 * every optional property also accepts `undefined`, at every depth. `undefined` means "not given"
 * (JSON leaves it out), so `{ webhook_url: process.env.WEBHOOK_URL }` compiles under
 * `exactOptionalPropertyTypes` as it does without it.
 */
export type Input<T> = T extends string | number | boolean | bigint | symbol | null | undefined | Date | Blob | Uint8Array | ArrayBuffer
  ? T
  : T extends ReadonlyArray<infer U>
    ? Input<U>[]
    : T extends object
      ? { [K in keyof T]: {} extends Pick<T, K> ? Input<T[K]> | undefined : Input<T[K]> }
      : T;
