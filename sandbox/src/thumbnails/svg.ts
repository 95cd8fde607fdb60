import { createHash } from 'node:crypto';
import { escapeHtml } from '../html';
import type { PhotoResolution } from './signer';

const SIZES: Readonly<Record<PhotoResolution, readonly [number, number]>> = {
  thumbnail: [256, 144],
  preview: [640, 360],
  web: [1280, 720],
  full: [1920, 1080],
};

/** A stand-in photo of a space: its own colour (stable per model) and its name, so a test or a person can tell them apart. */
export function thumbnailSvg(modelId: string, name: string, resolution: PhotoResolution): string {
  const [width, height] = SIZES[resolution];
  const hue = createHash('sha256').update(modelId).digest().readUInt16BE(0) % 360;
  const fontSize = Math.round(height / 9);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" data-model-id="${escapeHtml(modelId)}">`,
    `<rect width="100%" height="100%" fill="hsl(${hue}, 55%, 42%)"/>`,
    `<text x="50%" y="46%" fill="#ffffff" font-family="sans-serif" font-size="${fontSize}" text-anchor="middle">${escapeHtml(name)}</text>`,
    `<text x="50%" y="62%" fill="#ffffffb3" font-family="monospace" font-size="${Math.round(fontSize / 2)}" text-anchor="middle">${escapeHtml(modelId)} · ${resolution}</text>`,
    '</svg>',
  ].join('');
}
