// Draws media/icon.png (128×128): a rounded tile with a stacked-table mark. Run once when the
// design changes; the PNG is committed because the Marketplace requires a raster icon.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const S = 128;
const px = Buffer.alloc(S * S * 4);

function inRoundedSquare(x, y, r) {
  const cx = Math.min(Math.max(x, r), S - r),
    cy = Math.min(Math.max(y, r), S - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}
function inEllipse(x, y, cx, cy, rx, ry) {
  return ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;
}
function disk(x, y, top) {
  // One slab of the stack: an ellipse top over a body down to the next slab.
  return (
    inEllipse(x, y, 64, top, 36, 11) ||
    (Math.abs(x - 64) <= 36 && y >= top && y <= top + 18) ||
    inEllipse(x, y, 64, top + 18, 36, 11)
  );
}

for (let y = 0; y < S; y++) {
  for (let x = 0; x < S; x++) {
    const i = (y * S + x) * 4;
    if (!inRoundedSquare(x + 0.5, y + 0.5, 24)) continue;
    const t = (x + y) / (2 * S);
    let [r, g, b] = [Math.round(0 + 40 * t), Math.round(90 + 60 * t), Math.round(200 - 30 * t)];
    for (const top of [28, 56, 84]) {
      if (disk(x, y, top)) [r, g, b] = inEllipse(x, y, 64, top, 33, 9) ? [210, 230, 255] : [255, 255, 255];
    }
    px.set([r, g, b, 255], i);
  }
}

function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body) >>> 0);
  return Buffer.concat([len, body, crc]);
}
function crc32(buf) {
  let c = ~0;
  for (const byte of buf) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c;
}
const raw = Buffer.alloc((S * 4 + 1) * S);
for (let y = 0; y < S; y++) {
  raw[y * (S * 4 + 1)] = 0;
  px.copy(raw, y * (S * 4 + 1) + 1, y * S * 4, (y + 1) * S * 4);
}
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(S, 0);
ihdr.writeUInt32BE(S, 4);
ihdr.set([8, 6, 0, 0, 0], 8);
writeFileSync(
  'media/icon.png',
  Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]),
);
console.log('media/icon.png written');
