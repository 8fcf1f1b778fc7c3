import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {test} from 'node:test';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';
import {canPadTo, imageAtSize, imageAtWidth, imagePool, padImage, type PoolImage} from '../source/server/images/index.js';

function decode(image: PoolImage): {width: number; height: number; data: Uint8Array} {
	return image.format === 'png' ? pngjs.PNG.sync.read(image.body) : jpeg.decode(image.body, {useTArray: true});
}

test('pool images decode, vary in dimensions and weigh 50–300 kB', () => {
	const pool = imagePool(1);
	const dimensions = new Set<string>();
	for (const image of [...pool.jpeg, ...pool.png]) {
		const decoded = decode(image);
		assert.deepEqual([decoded.width, decoded.height], [image.width, image.height]);
		assert.ok(image.body.length >= 50_000 && image.body.length <= 300_000, `${image.format} ${image.width}×${image.height} is ${image.body.length} bytes`);
		dimensions.add(`${image.width}×${image.height}`);
	}

	assert.ok(dimensions.size >= 20, `only ${dimensions.size} distinct dimensions`);
	const widths = [...pool.jpeg, ...pool.png].map(image => image.width);
	assert.ok(Math.min(...widths) < 400 && Math.max(...widths) > 800, `widths span ${Math.min(...widths)}–${Math.max(...widths)}`);
});

test('seed 1 paints the very same pictures as before', () => {
	// JPEG bytes are all this code's own; PNG is compared by its pixels, since zlib builds may deflate differently.
	// A change here changes every image a seed serves: only on purpose, then update the digest.
	const pool = imagePool(1);
	const hash = createHash('sha256');
	for (const image of pool.jpeg) {
		hash.update(image.body);
	}

	for (const image of pool.png) {
		hash.update(decode(image).data);
	}

	assert.equal(hash.digest('hex'), '9a975f3eb7dc34fada6bf1db4b7723e9b0e54a14624734a721dc5bf8d18f1e09');
});

test('padding splits large jpeg padding into comment segments', () => {
	const [original] = imagePool(1).jpeg;
	assert.ok(original);
	assert.ok(!canPadTo('jpeg', 1000, 1003));
	assert.ok(canPadTo('jpeg', 1000, 1004));
	const padded = padImage('jpeg', original.body, original.body.length + (2 * 65_537) + 3);
	assert.equal(padded.length, original.body.length + (2 * 65_537) + 3);
	assert.deepEqual([padded[2], padded[3]], [0xFF, 0xFE]);
	assert.equal(jpeg.decode(padded, {useTArray: true}).width, original.width);
});

test('a repaint at another size or width is cached and keeps the aspect ratio', () => {
	const [original] = imagePool(1).png;
	assert.ok(original);
	const small = imageAtSize(1, 'png', 0, 5000);
	assert.equal(small.body.length, 5000);
	assert.equal(imageAtSize(1, 'png', 0, 5000), small, 'cached');

	const wide = imageAtWidth(1, 'png', 0, 1500);
	assert.deepEqual([decode(wide).width, decode(wide).height], [1500, Math.round(1500 * original.height / original.width)]);
	assert.equal(imageAtWidth(1, 'png', 0, 1500), wide, 'cached');
	assert.throws(() => imageAtWidth(1, 'png', 0, 4097), /width must be an integer from 8 to 4096/);
	assert.throws(() => imageAtWidth(1, 'png', 0, 1500, 1000), /too small/);
});
