import assert from 'node:assert/strict';
import {test} from 'node:test';
import jpeg from 'jpeg-js';
import {encodeRgba} from '../source/codec/index.js';

function pixels(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): {width: number; height: number; data: Uint8Array} {
	const data = new Uint8Array(width * height * 4);
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			data.set([...colour(x, y), 255], ((y * width) + x) * 4);
		}
	}

	return {width, height, data};
}

/** Mean absolute difference per channel (alpha left out) between the pixels and their encoded-decoded copy. */
function roundTripError(image: {width: number; height: number; data: Uint8Array}, quality: number): number {
	const decoded = jpeg.decode(encodeRgba(image, quality), {useTArray: true, formatAsRGBA: true});
	assert.deepEqual([decoded.width, decoded.height], [image.width, image.height], 'the decoder sees the same size');
	let total = 0;
	for (let index = 0; index < image.data.length; index++) {
		if (index % 4 !== 3) {
			total += Math.abs(decoded.data[index]! - image.data[index]!);
		}
	}

	return total / (image.width * image.height * 3);
}

test('encodeRgba writes a JPEG that jpeg-js decodes to the same pixels, within what quality allows', () => {
	// Smooth colour gradients (what a thumbnail mostly is), at sizes that are and are not whole MCUs. Two
	// levels a pixel at most: chroma is kept at half resolution (4:2:0), as cameras and libjpeg do.
	for (const [width, height] of [[128, 96], [85, 128], [17, 9], [1, 1]] as const) {
		const image = pixels(width, height, (x, y) => [Math.min(255, 2 * x), Math.min(255, 2 * y), 200 - Math.min(200, x + y)]);
		const high = roundTripError(image, 95);
		assert.ok(high < 3, `${width}×${height} at quality 95: mean error ${high.toFixed(2)}`);
		assert.ok(roundTripError(image, 30) >= high, 'lower quality loses more');
	}
});

test('flat colours survive exactly enough to tell them apart, and grey stays grey', () => {
	for (const colour of [[0, 0, 0], [255, 255, 255], [128, 128, 128], [200, 30, 60]] as Array<[number, number, number]>) {
		const decoded = jpeg.decode(encodeRgba(pixels(24, 24, () => colour), 90), {useTArray: true, formatAsRGBA: true});
		for (const [channel, value] of colour.entries()) {
			assert.ok(Math.abs(decoded.data[(100 * 4) + channel]! - value) <= 2, `${colour.join(',')} channel ${channel}: ${decoded.data[(100 * 4) + channel]}`);
		}
	}
});

test('a hard edge is kept where it is', () => {
	// Left black, right white, on a column that is not a block boundary.
	const image = pixels(64, 16, x => x < 29 ? [0, 0, 0] : [255, 255, 255]);
	const decoded = jpeg.decode(encodeRgba(image, 90), {useTArray: true, formatAsRGBA: true});
	const at = (x: number) => decoded.data[((8 * 64) + x) * 4]!;
	assert.ok(at(20) < 30 && at(40) > 225, `dark left (${at(20)}), light right (${at(40)})`);
});
