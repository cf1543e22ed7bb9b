/**
 * The test script of each request in the Postman collection: the status the workflow expects, the
 * Content-Type and body schema the spec documents for that status (the schema embedded, checked by
 * `pm.response.to.have.jsonSchema`), ids captured into collection variables, and for a job the
 * polling that asks again until it has finished.
 */
import { toJsonSchema, schemaName } from './postman-schema';
import { MAX_POLLS, operationOf, resolve, type Step } from './postman-workflow';

type Json = any;

const str = (s: string) => JSON.stringify(s);

const isJson = (mediaType: string) => mediaType === 'application/json' || mediaType.endsWith('+json');

/** A `pm.test` block. */
function check(title: string, body: string[]): string[] {
  return [`pm.test(${str(title)}, function () {`, ...body.map((line) => `  ${line}`), '});'];
}

export function testScript(spec: Json, step: Step): string[] {
  const operation = operationOf(spec, step.op);
  const response = resolve(spec, operation.responses?.[String(step.status)]);
  if (!response) throw new Error(`postman: ${step.op} does not document a ${step.status} response`);
  const [mediaType, media] = Object.entries<Json>(response.content ?? {}).sort(([a], [b]) => Number(isJson(b)) - Number(isJson(a)))[0] ?? [];
  const lines = [`// ${operation.operationId}: expects ${step.status}; the checks below are generated from openapi/openapi.json.`];
  lines.push(...check(`status is ${step.status}`, [`pm.response.to.have.status(${step.status});`]));
  if (!mediaType) return [...lines, ...captures(step)];

  const contentType = step.contentType ?? str(mediaType);
  lines.push(...check(`Content-Type is ${step.contentType ? 'the file\'s own type' : mediaType}`, [`pm.expect(pm.response.headers.get('Content-Type') || '').to.include(${contentType});`]));
  if (isJson(mediaType) && media?.schema) {
    lines.push(`const schema = ${JSON.stringify(toJsonSchema(spec, media.schema))};`);
    lines.push(...check(`the body is a ${schemaName(media.schema)}`, ['pm.response.to.have.jsonSchema(schema);']));
  } else if (mediaType === 'text/event-stream') {
    lines.push(
      ...check('the stream has events, each with JSON data', [
        "const data = pm.response.text().split('\\n').filter(function (line) { return line.startsWith('data:'); });",
        'pm.expect(data.length).to.be.above(0);',
        'data.forEach(function (line) { JSON.parse(line.slice(5)); });',
      ]),
    );
  } else {
    lines.push(...check('the body is not empty', ['pm.expect(pm.response.responseSize).to.be.above(0);']));
  }
  if (step.code) lines.push(...check(`the problem's code is ${step.code}`, [`pm.expect(pm.response.json().code).to.eql(${str(step.code)});`]));
  return [...lines, ...captures(step)];
}

/** Ids into collection variables, and the job polling. */
function captures(step: Step): string[] {
  const lines: string[] = [];
  const captured = Object.entries(step.capture ?? {});
  if (!captured.length && !step.poll) return lines;
  lines.push(`if (pm.response.code === ${step.status}) {`, '  const body = pm.response.json();');
  for (const [variable, expression] of captured) lines.push(`  pm.collectionVariables.set(${str(variable)}, ${expression});`);
  if (step.poll) {
    lines.push(
      "  const polls = Number(pm.collectionVariables.get('polls') || 0);",
      `  if ((body.status === 'queued' || body.status === 'processing') && polls < ${MAX_POLLS}) {`,
      '    // Still running after the wait: ask again.',
      "    pm.collectionVariables.set('polls', polls + 1);",
      '    pm.execution.setNextRequest(pm.info.requestName);',
      '  } else {',
      "    pm.collectionVariables.set('polls', 0);",
      ...check(`the ${step.poll} succeeded`, ['pm.expect(body.status, JSON.stringify(body.error)).to.eql(\'succeeded\');']).map((line) => `    ${line}`),
      '  }',
    );
  }
  lines.push('}');
  return lines;
}
