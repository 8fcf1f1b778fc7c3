// Preloaded into the test runner (package.json: node --import), so every test process and every CLI a
// test starts inherits it: imgrace's state folder, where each run records which files it wrote, is a temp
// folder of this test run rather than the user's own ~/.local/state/imgrace, which the tests' thousands
// of temp folders filled with a manifest each (24,000 on one machine). A test that sets
// IMGRACE_STATE_DIR itself, or clears it, still decides for its own runs.
import {mkdtempSync, rmSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';

if (process.env['IMGRACE_STATE_DIR'] === undefined) {
	const folder = mkdtempSync(path.join(os.tmpdir(), 'imgrace-test-state-'));
	process.env['IMGRACE_STATE_DIR'] = folder;
	process.once('exit', () => {
		rmSync(folder, {recursive: true, force: true});
	});
}
