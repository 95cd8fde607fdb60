import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';

import type { PhotoResolution } from './signer';

const SIZES: Readonly<Record<PhotoResolution, readonly [number, number]>> = {
  thumbnail: [256, 144],
  preview: [640, 360],
  web: [1280, 720],
  full: [1920, 1080],
};

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

const crc32 = (data: Buffer): number => {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};

const chunk = (type: string, data: Buffer): Buffer => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};

/**
 * The raster twin of thumbnailSvg: a PNG of the space's own colour (the same per model),
 * for clients that accept raster images only (real Matterport serves JPEG photos).
 */
export function thumbnailPng(modelId: string, resolution: PhotoResolution): Buffer {
  const [width, height] = SIZES[resolution];
  const digest = createHash('sha256').update(modelId).digest();
  const [r, g, b] = [0, 1, 2].map((i) => 64 + (digest.readUInt8(i) % 128)) as [
    number,
    number,
    number,
  ];
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x += 1) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
