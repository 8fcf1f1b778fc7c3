import assert from 'node:assert/strict';
import {mkdir, readdir, rm, utimes, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {test} from 'node:test';
import {keyOf} from '../source/engine/folder-manifest.js';
import {prunedMarker, pruneManifests} from '../source/engine/manifest-pruning.js';
import {runCli} from './helpers/cli.js';
import {withTempDir} from './helpers/events.js';
import {withServer} from './helpers/server.js';

const hourMs = 60 * 60 * 1000;

async function manifestFor(folders: string, folder: string, name = `${keyOf(folder)}.json`): Promise<string> {
	await writeFile(path.join(folders, name), `${JSON.stringify({version: 2, folder, files: {'001.jpg': {ino: 1, size: 2, mtimeMs: 3}}})}\n`);
	return name;
}

/** Set a file's times to `ms` (the wall clock). */
async function age(file: string, ms: number): Promise<void> {
	await utimes(file, ms / 1000, ms / 1000);
}

test("pruning removes the manifests of folders that are gone and stale temp files; a live folder's manifest, a fresh temp file and a manifest not named for its folder stay", async () => {
	await withTempDir(async dir => {
		const folders = path.join(dir, 'state', 'folders');
		await mkdir(folders, {recursive: true});
		const kept = path.join(dir, 'kept');
		await mkdir(kept);
		const keptManifest = await manifestFor(folders, kept);
		const goneManifest = await manifestFor(folders, path.join(dir, 'gone'));
		// Inside a file, not a folder: as gone as a missing one.
		await writeFile(path.join(dir, 'file'), '');
		const underFile = await manifestFor(folders, path.join(dir, 'file', 'sub'));
		// Names a gone folder, but its name is not that folder's key: it says nothing about the real folder.
		const misnamed = await manifestFor(folders, path.join(dir, 'also-gone'), `${keyOf('/elsewhere')}.json`);
		const relative = await manifestFor(folders, 'relative/gone');
		await writeFile(path.join(folders, 'other.json'), '{"not": "a manifest"}');
		const now = performance.timeOrigin + performance.now();
		await writeFile(path.join(folders, 'old.json.1.tmp'), '');
		await age(path.join(folders, 'old.json.1.tmp'), now - (25 * hourMs));
		await writeFile(path.join(folders, 'new.json.2.tmp'), '');

		assert.equal(await pruneManifests({folder: folders, now}), 3);
		assert.deepEqual((await readdir(folders)).sort(), [prunedMarker, keptManifest, misnamed, relative, 'new.json.2.tmp', 'other.json'].sort());
		assert.ok(!(await readdir(folders)).includes(goneManifest));
		assert.ok(!(await readdir(folders)).includes(underFile));

		// At most once an hour: a folder deleted now waits for the next prune.
		await rm(kept, {recursive: true});
		assert.equal(await pruneManifests({folder: folders, now: now + (hourMs / 2)}), 0);
		assert.ok((await readdir(folders)).includes(keptManifest));
		assert.equal(await pruneManifests({folder: folders, now: now + (2 * hourMs)}), 1);
		assert.ok(!(await readdir(folders)).includes(keptManifest));
	});
});

test('no state folder: pruning does nothing and does not make one', async () => {
	await withTempDir(async dir => {
		assert.equal(await pruneManifests({folder: path.join(dir, 'none', 'folders')}), 0);
		assert.deepEqual(await readdir(dir), []);
	});
});

test('after a race, the state folder loses the manifest of an output folder that was deleted, and keeps the live one', async () => {
	await withServer({latencyMs: 0, jitterMs: 0, bandwidth: 0}, async server => withTempDir(async dir => {
		const env = {IMGRACE_STATE_DIR: path.join(dir, 'state')};
		const folders = path.join(dir, 'state', 'folders');
		const race = async (out: string) => {
			const result = await runCli(['--url', `${server.url}/image/1.jpg`, '--count', '1', '--mode', 'sequential', '--out', path.join(dir, out)], {env, timeoutMs: 30_000});
			assert.equal(result.code, 0, result.stderr);
		};

		await race('first');
		await race('second');
		const first = `${keyOf(path.join(dir, 'first', 'sequential'))}.json`;
		const second = `${keyOf(path.join(dir, 'second', 'sequential'))}.json`;
		assert.deepEqual((await readdir(folders)).sort(), [prunedMarker, first, second].sort());

		await rm(path.join(dir, 'first'), {recursive: true});
		// The last prune was an hour ago.
		await age(path.join(folders, prunedMarker), performance.timeOrigin + performance.now() - (2 * hourMs));
		await race('second');
		assert.deepEqual((await readdir(folders)).sort(), [prunedMarker, second].sort());
	}));
});
