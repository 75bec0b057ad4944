/**
 * How deep the AnyValues of an OTLP protobuf trace request nest, read off the wire before decoding: the
 * generated decoder recurses once per level, so a hostile body would overflow the stack. Iterative; it
 * walks only the messages that can hold attributes and leaves anything it cannot read to the decoder.
 */

type Message =
  | 'request'
  | 'resourceSpans'
  | 'resource'
  | 'scopeSpans'
  | 'scope'
  | 'span'
  | 'event'
  | 'link'
  | 'keyValue'
  | 'anyValue'
  | 'arrayValue'
  | 'keyValueList';

/** Field numbers of the sub-messages on the way to an AnyValue (opentelemetry/proto trace and common v1). */
const CHILDREN: Record<Message, Partial<Record<number, Message>>> = {
  request: { 1: 'resourceSpans' },
  resourceSpans: { 1: 'resource', 2: 'scopeSpans' },
  resource: { 1: 'keyValue' },
  scopeSpans: { 1: 'scope', 2: 'span' },
  scope: { 3: 'keyValue' },
  span: { 9: 'keyValue', 11: 'event', 13: 'link' },
  event: { 3: 'keyValue' },
  link: { 4: 'keyValue' },
  keyValue: { 2: 'anyValue' },
  anyValue: { 5: 'arrayValue', 6: 'keyValueList' },
  arrayValue: { 1: 'anyValue' },
  keyValueList: { 1: 'keyValue' },
};

/** True when some attribute value nests more than `max` AnyValues deep (an attribute's own value is level 1). */
export function protobufValuesDeeperThan(buf: Uint8Array, max: number): boolean {
  const open: { message: Message; end: number }[] = [{ message: 'request', end: buf.length }];
  let depth = 0;
  let pos = 0;
  const varint = (): number | null => {
    let value = 0;
    for (let shift = 0; pos < buf.length && shift < 64; shift += 7) {
      const byte = buf[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value;
    }
    return null;
  };
  while (open.length > 0) {
    const top = open[open.length - 1]!;
    if (pos >= top.end) {
      if (pos > top.end) return false; // malformed: the decoder says so
      open.pop();
      if (top.message === 'anyValue') depth -= 1;
      continue;
    }
    const tag = varint();
    if (tag === null) return false;
    const wireType = tag % 8;
    if (wireType === 0) {
      if (varint() === null) return false;
    } else if (wireType === 1) pos += 8;
    else if (wireType === 5) pos += 4;
    else if (wireType === 2) {
      const length = varint();
      if (length === null || pos + length > top.end) return false;
      const child = CHILDREN[top.message][Math.floor(tag / 8)];
      if (!child) pos += length;
      else {
        if (child === 'anyValue' && ++depth > max) return true;
        open.push({ message: child, end: pos + length });
      }
    } else return false; // groups (never used by OTLP) and invalid wire types: the decoder's own limits apply
  }
  return false;
}
