import { Readable } from "node:stream";

/**
 * Read the first `bytes` of a stream (fewer at its end) without losing them: returns that head and a stream that
 * replays it followed by the rest; `ended` is true when the head is the whole stream.
 */
export async function peekStream(source: Readable, bytes: number): Promise<{ head: Buffer; stream: Readable; ended: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let ended = false;
  const iterator = (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
  while (size < bytes) {
    const { value, done } = await iterator.next();
    if (done) {
      ended = true;
      break;
    }
    const b = Buffer.isBuffer(value) ? value : Buffer.from(value as Uint8Array);
    chunks.push(b);
    size += b.length;
  }
  const head = Buffer.concat(chunks);
  async function* replay() {
    if (head.length) yield head;
    for (;;) {
      const { value, done } = await iterator.next();
      if (done) return;
      yield value as Buffer;
    }
  }
  return { head: head.subarray(0, bytes), stream: Readable.from(replay(), { objectMode: false }), ended };
}
