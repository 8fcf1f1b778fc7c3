import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {test} from 'node:test';

const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {engines: {node: string}};

// The suite runs on whichever Node started it (npm test: the project's own; CI: also Node 24), and the CLI
// tests spawn that same binary: say which one, and hold it to package.json's engines.
test('runs on a Node that package.json supports', t => {
	t.diagnostic(`Node ${process.version} (${process.execPath})`);
	const floor = Number(/>=\s*(\d+)/.exec(manifest.engines.node)?.[1]);
	assert.ok(floor >= 22, `engines.node says ${manifest.engines.node}`);
	assert.ok(Number(process.versions.node.split('.')[0]) >= floor, `Node ${process.version} is older than ${manifest.engines.node}`);
});
