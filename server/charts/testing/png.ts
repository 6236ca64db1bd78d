import { inflateSync } from 'node:zlib';

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(png: Buffer): { width: number; height: number } {
  if (png.subarray(1, 4).toString('ascii') !== 'PNG' || png.subarray(12, 16).toString('ascii') !== 'IHDR') throw new Error('not a PNG');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

/** Decodes an 8-bit RGBA or RGB, non-interlaced PNG (what resvg writes) into RGBA pixels. */
export function decodePng(png: Buffer): { width: number; height: number; pixels: Uint8Array } {
  const { width, height } = pngSize(png);
  const depth = png[24];
  const colorType = png[25];
  if (depth !== 8 || (colorType !== 6 && colorType !== 2) || png[28] !== 0) throw new Error(`unsupported PNG: depth ${depth}, colour type ${colorType}`);
  const channels = colorType === 6 ? 4 : 3;
  const idat: Buffer[] = [];
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('ascii');
    if (type === 'IDAT') idat.push(png.subarray(off + 8, off + 8 + len));
    off += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const out = new Uint8Array(width * height * 4);
  const prev = new Uint8Array(stride);
  const cur = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? cur[x - channels] : 0;
      const b = prev[x];
      const c = x >= channels ? prev[x - channels] : 0;
      let v = line[x];
      if (filter === 1) v += a;
      else if (filter === 2) v += b;
      else if (filter === 3) v += (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        v += pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      cur[x] = v & 0xff;
    }
    for (let x = 0; x < width; x++) {
      for (let k = 0; k < 4; k++) out[(y * width + x) * 4 + k] = k < channels ? cur[x * channels + k] : 255;
    }
    prev.set(cur);
  }
  return { width, height, pixels: out };
}

/** Share of pixels that are not (nearly) the background white, and how many distinct colours there are. */
export function inkStats(png: Buffer, region?: { x: number; y: number; w: number; h: number }) {
  const { width, height, pixels } = decodePng(png);
  const r = region ?? { x: 0, y: 0, w: width, h: height };
  let ink = 0;
  const colours = new Set<number>();
  for (let y = r.y; y < r.y + r.h; y++) {
    for (let x = r.x; x < r.x + r.w; x++) {
      const i = (y * width + x) * 4;
      const [R, G, B] = [pixels[i], pixels[i + 1], pixels[i + 2]];
      colours.add((R << 16) | (G << 8) | B);
      if (R < 235 || G < 235 || B < 235) ink++;
    }
  }
  return { inkShare: ink / (r.w * r.h), colours: colours.size, width, height };
}
