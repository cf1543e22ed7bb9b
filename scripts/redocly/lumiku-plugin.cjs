/**
 * Lint rules of our own for the spec (used by redocly.yaml):
 *   lumiku/operation-example  every operation shows at least one example: a request body, a
 *                             success response or a parameter example (tsoa: `@Example<T>(…)` on
 *                             the method, or `@example <param> <json>` in its JSDoc).
 */
function hasExample(mediaTypes) {
  return Object.values(mediaTypes || {}).some((media) => media && (media.example !== undefined || (media.examples && Object.keys(media.examples).length > 0)));
}

function OperationExample() {
  return {
    Operation: {
      enter(operation, ctx) {
        const bodies = [operation.requestBody && operation.requestBody.content];
        for (const [status, response] of Object.entries(operation.responses || {})) if (/^2/.test(status)) bodies.push(response && response.content);
        const params = (operation.parameters || []).some((p) => p && (p.example !== undefined || (p.examples && Object.keys(p.examples).length > 0)));
        if (!params && !bodies.some(hasExample)) {
          ctx.report({ message: `Operation ${operation.operationId || ''} has no example: add @Example<T>(…) to the controller method (or @example <param> <json> to its JSDoc).`, location: ctx.location.key() });
        }
      },
    },
  };
}

module.exports = function lumikuPlugin() {
  return {
    id: 'lumiku',
    rules: {
      oas3: { 'operation-example': OperationExample },
    },
  };
};
