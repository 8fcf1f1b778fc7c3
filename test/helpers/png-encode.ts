import {deflateSync} from 'node:zlib';

const crcTable = Int32Array.from({length: 256}, (_, n) => {
	let c = n;
	for (let k = 0; k < 8; k++) {
		c = (c & 1) === 1 ? 0xED_B8_83_20 ^ (c >>> 1) : c >>> 1;
	}

	return c;
});

function crc32(data: Uint8Array): number {
	let c = -1;
	for (const byte of data) {
		c = crcTable[(c ^ byte) & 0xFF]! ^ (c >>> 8);
	}

	return (c ^ -1) >>> 0;
}

/** One PNG chunk: length, type, data, CRC. */
export function pngChunk(type: string, data: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(data.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])));
	return Buffer.concat([head, data, crc]);
}

export function pngHeader(width: number, height: number, bitDepth: number, colourType: number, interlaced: boolean): Buffer {
	const ihdr = Buffer.alloc(13);
	ihdr.writeUInt32BE(width, 0);
	ihdr.writeUInt32BE(height, 4);
	ihdr[8] = bitDepth;
	ihdr[9] = colourType;
	ihdr[12] = interlaced ? 1 : 0;
	return Buffer.concat([Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]), pngChunk('IHDR', ihdr)]);
}

const channels: Record<number, number> = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4};
const adam7 = [[0, 0, 8, 8], [4, 0, 8, 8], [0, 4, 4, 8], [2, 0, 4, 4], [0, 2, 2, 4], [1, 0, 2, 2], [0, 1, 1, 2]];

/**
 * A PNG of any colour type, bit depth and interlacing, from `sample(x, y, channel)` (a value at the bit
 * depth): rows packed and filtered with each of the five filters in turn, so a decoder meets them all.
 */
export function encodePng(options: {width: number; height: number; colourType: number; bitDepth: number; interlaced: boolean; palette?: Uint8Array; transparency?: Uint8Array; sample: (x: number, y: number, channel: number) => number}): Buffer {
	const {width, height, colourType, bitDepth, interlaced} = options;
	const bits = channels[colourType]! * bitDepth;
	const step = Math.max(1, bits >> 3);
	const rows: Buffer[] = [];
	let filter = 0;
	for (const [x0, y0, dx, dy] of interlaced ? adam7 : [[0, 0, 1, 1]]) {
		const passWidth = Math.ceil((width - x0!) / dx!);
		const passHeight = Math.ceil((height - y0!) / dy!);
		if (passWidth <= 0 || passHeight <= 0) {
			continue;
		}

		let previous = Buffer.alloc(Math.ceil(passWidth * bits / 8));
		for (let py = 0; py < passHeight; py++) {
			const raw = Buffer.alloc(previous.length);
			for (let px = 0; px < passWidth; px++) {
				for (let c = 0; c < channels[colourType]!; c++) {
					const value = options.sample(x0! + (px * dx!), y0! + (py * dy!), c);
					const bit = ((px * channels[colourType]!) + c) * bitDepth;
					if (bitDepth === 16) {
						raw.writeUInt16BE(value, bit >> 3);
					} else {
						raw[bit >> 3]! |= value << (8 - bitDepth - (bit & 7));
					}
				}
			}

			const out = Buffer.alloc(raw.length + 1);
			out[0] = filter;
			for (let i = 0; i < raw.length; i++) {
				const a = i >= step ? raw[i - step]! : 0;
				const b = previous[i]!;
				const c = i >= step ? previous[i - step]! : 0;
				const p = a + b - c;
				const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : (Math.abs(p - b) <= Math.abs(p - c) ? b : c);
				out[i + 1] = raw[i]! - [0, a, b, (a + b) >> 1, paeth][filter]!;
			}

			rows.push(out);
			previous = raw;
			filter = (filter + 1) % 5;
		}
	}

	return Buffer.concat([
		pngHeader(width, height, bitDepth, colourType, interlaced),
		...(options.palette ? [pngChunk('PLTE', options.palette)] : []),
		...(options.transparency ? [pngChunk('tRNS', options.transparency)] : []),
		pngChunk('IDAT', deflateSync(Buffer.concat(rows))),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}
