import assert from 'node:assert/strict';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {BodySink} from '../source/engine/download/body-sink.js';
import {writeNewFileNow} from '../source/engine/file-io.js';
import {withTempDir} from './helpers/events.js';

test('writeNewFileNow writes a body\'s chunks in order, as views into larger buffers, empty ones and more than one writev takes', async () => {
	await withTempDir(async dir => {
		// Views into one read buffer, as chunks from a socket are, and an empty chunk between them.
		const read = Buffer.from('xxhead-middle-tailyy');
		const few = [read.subarray(2, 7), new Uint8Array(0), read.subarray(7, 14), read.subarray(14, 18)];
		const file = path.join(dir, 'few.part');
		assert.equal(writeNewFileNow(file, few), true);
		assert.equal(await readFile(file, 'utf8'), 'head-middle-tail');

		// 3,000 chunks: more than IOV_MAX (1,024), so the kernel takes them in several calls.
		const many = Array.from({length: 3000}, (_, index) => Buffer.from(`${index};`));
		const big = path.join(dir, 'many.part');
		assert.equal(writeNewFileNow(big, many), true);
		assert.equal(await readFile(big, 'utf8'), many.map(String).join(''));

		assert.equal(writeNewFileNow(path.join(dir, 'empty.part'), []), true);
		assert.equal((await readFile(path.join(dir, 'empty.part'))).length, 0);
	});
});

test('writeNewFileNow never writes over a file that is there', async () => {
	await withTempDir(async dir => {
		const file = path.join(dir, 'theirs.jpg');
		await writeFile(file, 'theirs');
		assert.throws(() => writeNewFileNow(file, [Buffer.from('ours')]), {code: 'EEXIST'});
		assert.equal(await readFile(file, 'utf8'), 'theirs');
	});
});

test('a body is whole in memory only for work that reads it, and joined before its file is written, inside the write phase', async () => {
	await withTempDir(async dir => {
		const flow = {hold() {}, release() {}};
		for (const keepsBody of [false, true]) {
			const read = Buffer.from('xxhead-tailyy');
			const file = path.join(dir, `${keepsBody}.part`);
			const sink = new BodySink(file, flow, error => {
				throw error;
			}, keepsBody);
			sink.push(read.subarray(2, 7));
			sink.push(read.subarray(7, 11));
			await sink.complete();
			// The copy is made in complete(), not after it: what the socket's buffer holds later is not in it.
			read.fill('A');
			const body = sink.body();
			assert.equal(body === undefined ? undefined : Buffer.from(body).toString(), keepsBody ? 'head-tail' : undefined);
			assert.equal(body === sink.body(), true, 'the same array, not a new copy');
			assert.equal(await readFile(file, 'utf8'), 'head-tail');
			await sink.cleanup();
		}
	});
});
