import assert from 'node:assert/strict';
import {chmod, mkdir, readFile, readdir, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {guardFolder, manifestFile} from '../source/engine/folder-guard.js';
import {race} from './helpers/race.js';
import type {EngineEvent} from '../source/engine/events.js';
import {imageUrl} from '../source/server/image-server.js';
import {eventLog, listFiles, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const quick = {latencyMs: 5, jitterMs: 0, bandwidth: 0};

function failures(events: readonly EngineEvent[]) {
	return events.filter((event): event is Extract<EngineEvent, {type: 'image-failed'}> => event.type === 'image-failed');
}

test("a file imgrace did not write is never replaced; its own files are, on the next run", async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		await writeFile(path.join(dir, '002.jpg'), 'mine');
		const urls = [0, 1, 2].map(index => imageUrl(server.url, index));
		const log = eventLog();
		const first = await race({strategy: 'sequential', asked: 1, urls, folder: dir, onEvent: log.onEvent});
		assert.equal(first.ok, 2);
		const [refused] = failures(log.events);
		assert.equal(refused?.code, 'ERR_IMGRACE_WRITE');
		assert.match(refused.reason, /^002\.jpg exists and was not written by imgrace: not replaced$/);
		assert.equal(await readFile(path.join(dir, '002.jpg'), 'utf8'), 'mine');

		const again = await race({strategy: 'sequential', asked: 1, urls, folder: dir, onEvent() {}});
		assert.equal(again.ok, 2, 'its own 001 and 003 are replaced');
		assert.equal(await readFile(path.join(dir, '002.jpg'), 'utf8'), 'mine');
		assert.deepEqual(await listFiles(dir), ['001.jpg', '002.jpg', '003.jpg']);
	}));
});

test('an own file made read-only is not replaced', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		const urls = [imageUrl(server.url, 0)];
		assert.equal((await race({strategy: 'sequential', asked: 1, urls, folder: dir, onEvent() {}})).ok, 1);
		await chmod(path.join(dir, '001.jpg'), 0o444);
		const log = eventLog();
		await race({strategy: 'sequential', asked: 1, urls, folder: dir, onEvent: log.onEvent});
		assert.match(failures(log.events)[0]?.reason ?? '', /001\.jpg is read-only/);
	}));
});

test('a strategy folder that is a symbolic link is refused before anything is written', async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		await mkdir(path.join(dir, 'elsewhere'));
		await symlink(path.join(dir, 'elsewhere'), path.join(dir, 'parallel'));
		await assert.rejects(race({strategy: 'parallel', asked: 1, urls: [imageUrl(server.url, 0)], folder: path.join(dir, 'parallel'), onEvent() {}}), /symbolic link/);
		assert.deepEqual(await listFiles(path.join(dir, 'elsewhere')), []);
	}));
});

test("imgrace's own temp files from a crashed run are swept, nobody else's", async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		await writeFile(path.join(dir, '.imgrace-0123abcd-4-1.part'), 'stale');
		await writeFile(path.join(dir, '.imgrace-notmine.part'), 'keep');
		await writeFile(path.join(dir, 'x.part'), 'keep');
		await race({strategy: 'sequential', asked: 1, urls: [imageUrl(server.url, 0)], folder: dir, onEvent() {}});
		assert.deepEqual(await listFiles(dir), ['.imgrace-notmine.part', '001.jpg', 'x.part']);
	}));
});

test('the manifest lives in the state folder: the strategy folder holds only images; an unwritable state folder falls back to a hidden file', async () => {
	await withTempDir(async dir => {
		const saved = process.env['IMGRACE_STATE_DIR'];
		try {
			process.env['IMGRACE_STATE_DIR'] = path.join(dir, 'state');
			const folder = path.join(dir, 'out');
			await mkdir(folder);
			let guard = await guardFolder(folder, 'aaaaaaaa');
			await writeFile(path.join(folder, '001.jpg'), 'x');
			guard.claim('001.jpg');
			await guard.save();
			assert.deepEqual(await readdir(folder), ['001.jpg'], 'nothing but the image in the folder');
			const manifest = JSON.parse(await readFile(await manifestFile(folder), 'utf8')) as {files: string[]};
			assert.deepEqual(manifest.files, ['001.jpg']);
			guard = await guardFolder(folder, 'bbbbbbbb');
			assert.equal(await guard.refusal('001.jpg'), undefined, 'its own file may be replaced on the next run');

			// A state folder that cannot be made (a file in its place): the manifest goes beside the images.
			await writeFile(path.join(dir, 'blocked'), 'x');
			process.env['IMGRACE_STATE_DIR'] = path.join(dir, 'blocked');
			const other = path.join(dir, 'other');
			await mkdir(other);
			guard = await guardFolder(other, 'cccccccc');
			await writeFile(path.join(other, '001.jpg'), 'x');
			guard.claim('001.jpg');
			await guard.save();
			assert.deepEqual((await readdir(other)).sort(), ['.imgrace-manifest.json', '001.jpg']);
			guard = await guardFolder(other, 'dddddddd');
			assert.equal(await guard.refusal('001.jpg'), undefined, 'the fallback manifest is read too');
		} finally {
			if (saved === undefined) {
				delete process.env['IMGRACE_STATE_DIR'];
			} else {
				process.env['IMGRACE_STATE_DIR'] = saved;
			}
		}
	});
});
