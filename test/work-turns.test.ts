import assert from 'node:assert/strict';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {deflateSync} from 'node:zlib';
import {createDecodeBudget, writeThumbnail, type DecodeBudget} from '../source/work/index.js';
import {takeTurn} from '../source/work/take-turn.js';
import {listFiles, withTempDir} from './helpers/events.js';
import {pngChunk, pngHeader} from './helpers/png-encode.js';

test('a long decode lets its thread turn every few milliseconds, and a stop lands in the middle of it', async () => {
	// 4000×4000 RGB: a few hundred milliseconds of inflating and unfiltering on any machine.
	const png = Buffer.concat([pngHeader(4000, 4000, 8, 2, false), pngChunk('IDAT', deflateSync(Buffer.alloc(4000 * 12_001, 1), {level: 1})), pngChunk('IEND', Buffer.alloc(0))]);
	await withTempDir(async dir => {
		const original = path.join(dir, '001.png');
		await writeFile(original, png);
		let decoding = false;
		let released = false;
		const watching: DecodeBudget = {...createDecodeBudget(), async acquire() {
			decoding = true;
			return () => {
				released = true;
				decoding = false;
			};
		}};
		let turnsWhileDecoding = 0;
		let stop = false;
		const counting = setInterval(() => {
			if (decoding) {
				turnsWhileDecoding++;
			}
		}, 0);
		try {
			// Undisturbed, it turns many times while it decodes.
			const written = await writeThumbnail(original, {size: 64, budget: watching});
			assert.equal(written.status, 'written');
			assert.ok(released, 'the decode budget got its share back');
			assert.ok(turnsWhileDecoding >= 3, `the event loop turned ${turnsWhileDecoding} times during the decode`);

			// Stopped after its second turn: it ends there, gives its share back and leaves only the original.
			turnsWhileDecoding = 0;
			released = false;
			const stopped = writeThumbnail(original, {size: 64, budget: watching, signal: {get aborted() {
				stop ||= turnsWhileDecoding >= 2;
				return stop;
			}}});
			await assert.rejects(stopped, {code: 'ERR_IMGRACE_ABORTED'});
			assert.ok(released, 'the decode budget got its share back');
			assert.deepEqual((await listFiles(dir)).filter(name => name !== '001.png'), ['001.thumb.jpg'], 'nothing but the first run\'s thumbnail');
		} finally {
			clearInterval(counting);
		}
	});
});

test('twelve pieces of work on one thread take one turn of the event loop each, not twelve back to back', async () => {
	let pieces = 0;
	let turns = 0;
	let stop = false;
	const workers = Array.from({length: 12}, async () => {
		while (!stop) {
			pieces++;
			await takeTurn();
		}
	});
	// An independent chain of immediates counts the loop's turns: the loop polls (signals, messages) once a turn.
	await new Promise<void>(resolve => {
		const tick = () => {
			turns++;
			if (turns === 200) {
				resolve();
			} else {
				setImmediate(tick);
			}
		};

		setImmediate(tick);
	});
	stop = true;
	await Promise.all(workers);
	assert.ok(pieces <= turns + 12, `${pieces} pieces in ${turns} turns`);
});
