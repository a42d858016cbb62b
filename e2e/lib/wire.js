'use strict';
// Just enough protobuf (proto2 wire format) to build a few GenericCommand frames by hand and to read `cmd` and
// the ErrorCommand of the server's answers, for raw-socket tests that must not go through the SDK.

const WIRE_VARINT = 0;
const WIRE_LENGTH = 2;
const CMD_SESSION = 0;
const CMD_ERROR = 7;
const OP_OPEN = 1;

function varint(value) {
  const bytes = [];
  let v = BigInt(value);
  if (v < 0n) v += 1n << 64n;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v > 0n);
  return Buffer.from(bytes);
}

function field(number, wireType, payload) {
  const key = varint((number << 3) | wireType);
  if (wireType === WIRE_VARINT) return Buffer.concat([key, varint(payload)]);
  const bytes = Buffer.isBuffer(payload) ? payload : Buffer.from(String(payload), 'utf8');
  return Buffer.concat([key, varint(bytes.length), bytes]);
}

/** A well-formed `session/open` for `peerId`, as a real client would send it. */
function sessionOpen({ appId, peerId, i }) {
  const session = Buffer.concat([field(4, WIRE_LENGTH, 'js/e2e-raw'), field(5, WIRE_VARINT, 0),
    field(7, WIRE_LENGTH, 'raw-device'), field(19, WIRE_VARINT, 59)]);
  return Buffer.concat([field(1, WIRE_VARINT, CMD_SESSION), field(2, WIRE_VARINT, OP_OPEN),
    field(3, WIRE_LENGTH, appId), field(4, WIRE_LENGTH, peerId), field(5, WIRE_VARINT, i),
    field(102, WIRE_LENGTH, session)]);
}

function readVarint(buf, pos) {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error('truncated varint');
    const byte = buf[pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if (!(byte & 0x80)) return [result, pos];
    shift += 7n;
    if (shift > 63n) throw new Error('varint too long');
  }
}

/** Top-level fields of a message: Map(number -> [values]); varints as BigInt, length-delimited as Buffer. */
function decodeFields(buf) {
  const fields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    let key;
    [key, pos] = readVarint(buf, pos);
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    let value;
    if (wireType === WIRE_VARINT) {
      [value, pos] = readVarint(buf, pos);
    } else if (wireType === WIRE_LENGTH) {
      let length;
      [length, pos] = readVarint(buf, pos);
      value = buf.subarray(pos, pos + Number(length));
      if (value.length !== Number(length)) throw new Error('truncated field');
      pos += Number(length);
    } else if (wireType === 1 || wireType === 5) {
      const size = wireType === 1 ? 8 : 4;
      value = buf.subarray(pos, pos + size);
      pos += size;
    } else {
      throw new Error(`unsupported wire type ${wireType}`);
    }
    if (!fields.has(number)) fields.set(number, []);
    fields.get(number).push(value);
  }
  return fields;
}

/** {cmd, i, error: {code, reason} | null} of a serialized GenericCommand. */
function decodeCommand(buf) {
  const fields = decodeFields(buf);
  const first = (n) => (fields.has(n) ? fields.get(n)[0] : undefined);
  const cmd = first(1) === undefined ? null : Number(first(1));
  const i = first(5) === undefined ? null : Number(first(5));
  let error = null;
  if (first(103)) {
    const e = decodeFields(first(103));
    error = {
      code: e.has(1) ? Number(e.get(1)[0]) : null,
      reason: e.has(2) ? e.get(2)[0].toString('utf8') : null,
    };
  }
  return { cmd, i, error };
}

module.exports = { sessionOpen, decodeCommand, CMD_ERROR, CMD_SESSION };
