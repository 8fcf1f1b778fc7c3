// The gallery's decoding thread: makes each preview asked for (picture-preview.ts) and sends it back.
import {parentPort} from 'node:worker_threads';
import type {GalleryPicture} from '../../view/gallery.js';
import {makePreview} from './picture-preview.js';

parentPort?.on('message', async ({id, picture}: {readonly id: number; readonly picture: GalleryPicture}) => {
	const preview = await makePreview(picture);
	parentPort?.postMessage({id, preview});
});
