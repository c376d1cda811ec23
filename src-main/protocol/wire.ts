/**
 * WebSocket framing. Messages without typed arrays go as JSON text frames. Messages with
 * typed arrays go as one binary frame: [u32 header length][JSON header][pad][buffers],
 * the header holding the message with each typed array replaced by a placeholder.
 */

const TYPED = { Float32Array, Uint8Array, Int32Array } as const;
type TypedName = keyof typeof TYPED;
type Typed = InstanceType<(typeof TYPED)[TypedName]>;

interface Placeholder {
  $typed: TypedName;
  offset: number;
  length: number;
}

const ALIGN = 8;
const align = (n: number): number => Math.ceil(n / ALIGN) * ALIGN;

function typedName(value: unknown): TypedName | null {
  for (const name of Object.keys(TYPED) as TypedName[]) if (value instanceof TYPED[name]) return name;
  return null;
}

/** Encodes a message for a WebSocket: a string, or bytes when it holds typed arrays. */
export function encodeFrame(message: unknown): string | Uint8Array {
  const arrays: Typed[] = [];
  let offset = 0;
  const header = JSON.stringify(message, (_key, value: unknown) => {
    const name = typedName(value);
    if (!name) return value;
    const array = value as Typed;
    const placeholder: Placeholder = { $typed: name, offset, length: array.length };
    arrays.push(array);
    offset = align(offset + array.byteLength);
    return placeholder;
  });
  if (arrays.length === 0) return header;
  const headerBytes = new TextEncoder().encode(header);
  const bodyStart = align(4 + headerBytes.length);
  const frame = new Uint8Array(bodyStart + offset);
  new DataView(frame.buffer).setUint32(0, headerBytes.length, true);
  frame.set(headerBytes, 4);
  let at = bodyStart;
  for (const array of arrays) {
    frame.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at);
    at = align(at + array.byteLength);
  }
  return frame;
}

/** Decodes a frame made by `encodeFrame`; throws a readable error on anything else. */
export function decodeFrame(frame: string | Uint8Array): unknown {
  if (typeof frame === 'string') return JSON.parse(frame);
  if (frame.byteLength < 4) throw new Error('Binary frame too short for its header.');
  const headerLength = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, true);
  if (4 + headerLength > frame.byteLength) throw new Error('Binary frame header runs past the frame.');
  const header = new TextDecoder().decode(frame.subarray(4, 4 + headerLength));
  const bodyStart = align(4 + headerLength);
  return JSON.parse(header, (_key, value: unknown) => {
    if (!isPlaceholder(value)) return value;
    const Ctor = TYPED[value.$typed];
    const byteLength = value.length * Ctor.BYTES_PER_ELEMENT;
    const start = bodyStart + value.offset;
    if (value.offset % ALIGN !== 0 || start + byteLength > frame.byteLength) {
      throw new Error('Binary frame placeholder points outside the frame.');
    }
    // copy so the array is aligned and owns its buffer
    const bytes = frame.slice(start, start + byteLength);
    return new Ctor(bytes.buffer, 0, value.length);
  });
}

function isPlaceholder(value: unknown): value is Placeholder {
  if (typeof value !== 'object' || value === null || !('$typed' in value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.$typed === 'string' &&
    Object.hasOwn(TYPED, v.$typed) &&
    Number.isInteger(v.offset) &&
    (v.offset as number) >= 0 &&
    Number.isInteger(v.length) &&
    (v.length as number) >= 0
  );
}
