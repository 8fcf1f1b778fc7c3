import assert from 'node:assert/strict';
import {writeFileSync} from 'node:fs';
import {chmod, mkdir, readFile, readdir, rename, rm, stat, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {guardFolder, manifestFile, manifestName, type FolderGuard} from '../source/engine/folder-guard.js';
import {lockName, sweepable} from '../source/engine/run-lock.js';
import {race} from './helpers/race.js';
import type {EngineEvent} from '../source/engine/events.js';
import type {WorkSettings} from '../source/engine/run-spec.js';
import {imageUrl} from '../source/server/image-server.js';
import {eventLog, listFiles, withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const quick = {latencyMs: 5, jitterMs: 0, bandwidth: 0};

/** Write `text` as a run's temp file would be, then have the guard give it `name`: its refusal, if any. */
async function placeText(guard: FolderGuard, dir: string, runId: string, name: string, text: string): Promise<string | undefined> {
	const temp = path.join(dir, `.imgrace-${runId}-0-1.part`);
	await writeFile(temp, text);
	const refusal = await guard.place(temp, name);
	await rm(temp, {force: true});
	return refusal;
}

function restoreEnv(name: string, value: string | undefined): void {
	if (value === undefined) {
		delete process.env[name];
	} else {
		process.env[name] = value;
	}
}

/** `run` with IMGRACE_STATE_DIR in a temp folder's `state` and an empty `out` folder beside it; the variable restored after. */
async function withStateFolder(run: (dir: string, folder: string) => Promise<void>): Promise<void> {
	await withTempDir(async dir => {
		const saved = process.env['IMGRACE_STATE_DIR'];
		try {
			process.env['IMGRACE_STATE_DIR'] = path.join(dir, 'state');
			const folder = path.join(dir, 'out');
			await mkdir(folder);
			await run(dir, folder);
		} finally {
			restoreEnv('IMGRACE_STATE_DIR', saved);
		}
	});
}

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
	await withStateFolder(async (dir, folder) => {
		let guard = await guardFolder(folder, 'aaaaaaaa');
		await placeText(guard, folder, 'aaaaaaaa', '001.jpg', 'x');
		await guard.save();
		assert.deepEqual(await readdir(folder), ['001.jpg'], 'nothing but the image in the folder');
		const manifest = JSON.parse(await readFile(await manifestFile(folder), 'utf8')) as {files: Record<string, unknown>};
		assert.deepEqual(Object.keys(manifest.files), ['001.jpg']);
		guard = await guardFolder(folder, 'bbbbbbbb');
		assert.equal(await placeText(guard, folder, 'bbbbbbbb', '001.jpg', 'y'), undefined, 'its own file may be replaced on the next run');
		await guard.save();

		// A state folder that cannot be made (a file in its place): the manifest goes beside the images.
		await writeFile(path.join(dir, 'blocked'), 'x');
		process.env['IMGRACE_STATE_DIR'] = path.join(dir, 'blocked');
		const other = path.join(dir, 'other');
		await mkdir(other);
		guard = await guardFolder(other, 'cccccccc');
		await placeText(guard, other, 'cccccccc', '001.jpg', 'x');
		await guard.save();
		assert.deepEqual((await readdir(other)).sort(), ['.imgrace-manifest.json', '001.jpg']);
		guard = await guardFolder(other, 'dddddddd');
		assert.equal(await placeText(guard, other, 'dddddddd', '001.jpg', 'y'), undefined, 'the fallback manifest is read too');
		await guard.save();
	});
});

test('a name whose file is gone leaves the manifest at the next save, unless another run recorded it anew meanwhile', async () => {
	await withStateFolder(async (_dir, folder) => {
		const listed = async () => Object.keys((JSON.parse(await readFile(await manifestFile(folder), 'utf8')) as {files: Record<string, unknown>}).files);
		let guard = await guardFolder(folder, 'aaaaaaaa');
		for (const name of ['001.jpg', '002.jpg', '003.jpg']) {
			await placeText(guard, folder, 'aaaaaaaa', name, name);
		}

		await guard.save();
		// The user deletes two of them; the next run writes another.
		await rm(path.join(folder, '001.jpg'));
		await rm(path.join(folder, '002.jpg'));
		guard = await guardFolder(folder, 'bbbbbbbb');
		// Meanwhile a second run writes 002.jpg anew and saves first.
		const other = await guardFolder(folder, 'cccccccc');
		await placeText(other, folder, 'cccccccc', '002.jpg', 'again');
		await other.save();
		await placeText(guard, folder, 'bbbbbbbb', '004.jpg', '004');
		await guard.save();
		assert.deepEqual((await listed()).sort(), ['002.jpg', '003.jpg', '004.jpg'], '001.jpg forgotten; the other run\'s 002.jpg kept');
		// And it stays imgrace's: the next run may replace it.
		guard = await guardFolder(folder, 'dddddddd');
		assert.equal(await placeText(guard, folder, 'dddddddd', '002.jpg', 'third'), undefined);
		await guard.save();
	});
});

const strategies = ['sequential', 'parallel', 'threads', 'processes', 'pipeline'] as const;

/**
 * A race of two images in which `name` is written by someone else while image 2's body is on the way
 * (it arrives over half a second): the race's result, and the image that failed.
 */
async function raceWhileAppearing(strategy: string, urls: readonly string[], dir: string, name: string, work?: WorkSettings) {
	const log = eventLog();
	const result = await race({strategy, asked: 2, urls, folder: dir, ...(work ? {work} : {}), onEvent(event) {
		log.onEvent(event);
		if (event.type === 'image-first-byte' && event.index === 1) {
			writeFileSync(path.join(dir, name), 'another run wrote this');
		}
	}});
	return {ok: result.ok, refused: failures(log.events)};
}

const appeared = (name: string) => `${name} appeared in the folder during the run and is not imgrace's: not replaced`;

for (const strategy of strategies) {
	test(`${strategy}: a file that appears during the run under a name imgrace is about to write is not replaced`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const urls = [imageUrl(server.url, 0), imageUrl(server.url, 1, {size: 400_000, bandwidth: 800_000})];
			const {ok, refused} = await raceWhileAppearing(strategy, urls, dir, '002.jpg');
			assert.equal(ok, 1);
			assert.equal(refused[0]?.code, 'ERR_IMGRACE_WRITE');
			assert.equal(refused[0].reason, appeared('002.jpg'));
			assert.equal(await readFile(path.join(dir, '002.jpg'), 'utf8'), 'another run wrote this');
			assert.deepEqual(await listFiles(dir), ['001.jpg', '002.jpg'], 'no temp file left');
			// Not recorded as imgrace's: the next run refuses it too.
			const next = eventLog();
			await race({strategy, asked: 2, urls: [urls[0]!, imageUrl(server.url, 1)], folder: dir, onEvent: next.onEvent});
			assert.match(failures(next.events)[0]?.reason ?? '', /^002\.jpg exists and was not written by imgrace/);
			assert.equal(await readFile(path.join(dir, '002.jpg'), 'utf8'), 'another run wrote this');
		}));
	});

	// The thumbnail is placed as the image is: on this thread, by a worker, or (the pipeline) on the main
	// thread after the pool made it.
	test(`${strategy} --work thumbnail: a file that appears during the run under the thumbnail's name is not replaced`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const urls = [imageUrl(server.url, 0), imageUrl(server.url, 1, {size: 400_000, bandwidth: 800_000})];
			const {ok, refused} = await raceWhileAppearing(strategy, urls, dir, '002.thumb.jpg', {name: 'thumbnail', size: 32, repeat: 1});
			assert.equal(ok, 1);
			assert.equal(refused[0]?.code, 'ERR_IMGRACE_WRITE');
			assert.equal(refused[0].reason, appeared('002.thumb.jpg'));
			assert.equal(await readFile(path.join(dir, '002.thumb.jpg'), 'utf8'), 'another run wrote this');
			assert.deepEqual((await listFiles(dir)).filter(file => file.startsWith('.')), [], 'no temp file left');
		}));
	});
}

// Threads ask the main thread's guard about names that existed: the same answers through messages.
for (const name of ['sequential', 'threads'] as const) {
	test(`${name}: a user's file moved or copied over a name imgrace wrote is not replaced by the next run`, async () => {
		await withServer(quick, async server => withTempDir(async dir => {
			const urls = [0, 1, 2].map(index => imageUrl(server.url, index));
			const run = async () => {
				const log = eventLog();
				await race({strategy: name, asked: 1, urls, folder: dir, onEvent: log.onEvent});
				return failures(log.events);
			};

			assert.deepEqual(await run(), []);
			await writeFile(path.join(dir, 'holiday.jpg'), 'a photo');
			await rename(path.join(dir, 'holiday.jpg'), path.join(dir, '001.jpg'));
			// Copied over in place: the same inode, other bytes.
			await writeFile(path.join(dir, '002.jpg'), 'a copy');
			const refused = await run();
			assert.deepEqual(refused.map(failure => failure.reason), [
				'001.jpg was changed or replaced since imgrace wrote it: not replaced',
				'002.jpg was changed or replaced since imgrace wrote it: not replaced',
			]);
			assert.equal(await readFile(path.join(dir, '001.jpg'), 'utf8'), 'a photo');
			assert.equal(await readFile(path.join(dir, '002.jpg'), 'utf8'), 'a copy');
			assert.deepEqual((await run()).map(failure => failure.reason), refused.map(failure => failure.reason), 'still refused on the run after');
		}));
	});
}

test('a names-only manifest of an earlier version is still read: its unchanged files are replaced, changed ones are not', async () => {
	await withServer(quick, async server => withStateFolder(async (_dir, folder) => {
		await writeFile(path.join(folder, '001.jpg'), 'imgrace wrote this');
		await writeFile(path.join(folder, '002.jpg'), 'imgrace wrote this too');
		const manifest = await manifestFile(folder);
		await mkdir(path.dirname(manifest), {recursive: true});
		await writeFile(manifest, JSON.stringify({version: 1, folder, files: ['001.jpg', '002.jpg']}));
		// Later a user copies a photo over 002.jpg: its change time is after the manifest was written
		// (written again until the file system's clock has moved on).
		const written = (await stat(manifest)).mtimeMs;
		do {
			await writeFile(path.join(folder, '002.jpg'), 'a photo');
		} while ((await stat(path.join(folder, '002.jpg'))).ctimeMs <= written);

		const log = eventLog();
		const urls = [0, 1, 2].map(index => imageUrl(server.url, index));
		assert.equal((await race({strategy: 'sequential', asked: 1, urls, folder, onEvent: log.onEvent})).ok, 2);
		assert.deepEqual(failures(log.events).map(failure => failure.reason), ['002.jpg exists and was not written by imgrace: not replaced']);
		assert.equal(await readFile(path.join(folder, '002.jpg'), 'utf8'), 'a photo');
		assert.notEqual(await readFile(path.join(folder, '001.jpg'), 'utf8'), 'imgrace wrote this');
		const upgraded = JSON.parse(await readFile(manifest, 'utf8')) as {version: number; files: Record<string, {ino: number}>};
		assert.equal(upgraded.version, 2);
		assert.deepEqual(Object.keys(upgraded.files), ['001.jpg', '003.jpg']);
		assert.equal(upgraded.files['001.jpg']?.ino, (await stat(path.join(folder, '001.jpg'))).ino);
	}));
});

test("a run's start-up sweep leaves another live run's temp files alone and takes a dead run's", async () => {
	await withServer(quick, async server => withTempDir(async dir => {
		// Run A's image is a spilled body (over 256 KB, on disk as it arrives) that takes half a second.
		const urls = [imageUrl(server.url, 0, {size: 600_000, bandwidth: 1_200_000})];
		let second: Promise<FolderGuard> | undefined;
		const log = eventLog();
		const first = await race({strategy: 'sequential', asked: 1, urls, folder: dir, onEvent(event) {
			log.onEvent(event);
			if (event.type === 'image-progress' && event.transferred > 300_000 && second === undefined) {
				// Run B starts on the same folder while A's temp file is being written.
				second = guardFolder(dir, 'bbbbbbbb');
			}
		}});
		assert.ok(second, 'run B started while A was downloading');
		await (await second).save();
		assert.equal(first.ok, 1);
		// Its temp file was still there when it was complete: no failed attempt, no second download.
		assert.deepEqual(log.events.filter(event => event.type === 'image-retried' || event.type === 'image-failed'), []);

		// A run that died (its lock names a process that is gone) leaves temp files the next run sweeps.
		// Above the kernel's highest possible pid (2^22): no such process.
		const dead = lockName('cccccccc').replace(`.${process.pid}.`, `.${2 ** 22 + 1}.`);
		await writeFile(path.join(dir, dead), '');
		await writeFile(path.join(dir, '.imgrace-cccccccc-0-1.part'), 'half an image');
		await (await guardFolder(dir, 'dddddddd')).save();
		assert.deepEqual(await listFiles(dir), ['001.jpg']);
	}));
});

test('sweepable: temp files of runs without a live lock, and dead locks; never a live run\'s', () => {
	const alive = (pid: number) => pid === 100;
	const host = lockName('aaaaaaaa').split('.')[3]!;
	const names = [
		`.imgrace-aaaaaaaa.100.${host}.run`, '.imgrace-aaaaaaaa-3-1.part', '.imgrace-manifest-aaaaaaaa.tmp',
		`.imgrace-bbbbbbbb.200.${host}.run`, '.imgrace-bbbbbbbb-0-2.part',
		'.imgrace-cccccccc-1-1.part',
		'.imgrace-dddddddd.300.0badc0de.run', '.imgrace-dddddddd-0-1.part',
		'001.jpg', '.imgrace-notmine.part',
	];
	assert.deepEqual(sweepable(names, alive).sort(), [`.imgrace-bbbbbbbb.200.${host}.run`, '.imgrace-bbbbbbbb-0-2.part', '.imgrace-cccccccc-1-1.part'].sort());
});

test('a names-only manifest in the folder itself, which anything can put there, names no file of imgrace\'s', async () => {
	await withServer(quick, async server => withStateFolder(async (_dir, folder) => {
		await writeFile(path.join(folder, '002.jpg'), 'precious user data');
		// Written after the user's file, as a stray or copied manifest would be.
		await writeFile(path.join(folder, manifestName), JSON.stringify({files: ['002.jpg']}));
		const log = eventLog();
		const urls = [0, 1, 2].map(index => imageUrl(server.url, index));
		assert.equal((await race({strategy: 'parallel', asked: 3, urls, folder, onEvent: log.onEvent})).ok, 2);
		assert.deepEqual(failures(log.events).map(failure => failure.reason), ['002.jpg exists and was not written by imgrace: not replaced']);
		assert.equal(await readFile(path.join(folder, '002.jpg'), 'utf8'), 'precious user data');
	}));
});
