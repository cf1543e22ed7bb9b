/** A fetch response read whole: its status, headers, text, and the text as JSON when it is JSON. */
export async function readResponse(res: Response) {
  const text = await res.text();
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, body: json, text };
}
