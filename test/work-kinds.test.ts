import assert from 'node:assert/strict';
import {test} from 'node:test';
import {workDefaults} from '../source/defaults.js';
import {defaultWork, lookupWork, thumbnailDefaults, works} from '../source/work/index.js';

test('the work kinds are download (the default) and thumbnail, each with a description', () => {
	assert.deepEqual(Object.keys(works), ['download', 'thumbnail']);
	assert.equal(defaultWork, 'download');
	for (const [name, work] of Object.entries(works)) {
		assert.equal(work.name, name);
		assert.ok(work.description.length > 10);
	}
});

test('lookupWork finds a kind by name; an unknown name gets one line listing the known ones', () => {
	const found = lookupWork('thumbnail');
	assert.ok(found.ok);
	assert.equal(found.work, works.thumbnail);
	assert.deepEqual(lookupWork('resize'), {ok: false, message: '--work must be one of download, thumbnail, got "resize"'});
	assert.equal(lookupWork('toString').ok, false, 'not fooled by Object.prototype');
});

test('thumbnail defaults: 128 px; the race repeats it 16 times unless told otherwise', () => {
	assert.equal(thumbnailDefaults.size, 128);
	assert.equal(workDefaults.thumbRepeat, 16);
});
