import {DownloadError} from '../errors.js';
import type {ImageInfo} from '../image-check.js';
import type {ImageTask, Saved} from './job.js';
import {asDownloadError, Receiver, type AttemptFailure} from './receiver.js';

export type {AttemptFailure} from './receiver.js';

/**
 * One HTTP attempt through the run's client: check the response (status, length, codings), receive
 * the body through the image check into its temp file (body-sink.ts), and rename it into place. On any
 * failure the temp file is removed and the attempt rejects with an AttemptFailure.
 */
export async function attemptOnce(task: ImageTask, attempt: number, startedAt: number): Promise<Saved> {
	if (task.stopper.stopped) {
		throw {error: DownloadError.aborted(), staleSocket: false} satisfies AttemptFailure;
	}

	const receiver = new Receiver(task, attempt, startedAt);
	try {
		await receiver.done;
		// Complete and an image, or it is not kept: a cut-off body is ERR_IMGRACE_TRUNCATED (retryable)
		// even where no Content-Length said how long it should have been.
		const info = receiver.scanner.finish();
		await receiver.sink.complete().catch(writeFailure);
		receiver.reportFinal();
		const path = await publish(task, receiver, info);
		return {...info, bytes: receiver.transferred, path, times: receiver.times(), body: receiver.sink.body()};
	} catch (caught) {
		throw receiver.failure(caught);
	} finally {
		receiver.dispose();
		await receiver.sink.cleanup();
	}
}

function writeFailure(error: unknown): never {
	throw asDownloadError(error);
}

/** Give the temp file its final name, unless the image was stopped or the folder refuses the name. */
async function publish(task: ImageTask, receiver: Receiver, info: ImageInfo): Promise<string> {
	// The run may have been stopped while the last bytes were written; don't publish then.
	if (task.stopper.stopped) {
		throw DownloadError.aborted();
	}

	const finalName = `${task.baseName}.${info.extension}`;
	const refusal = await task.folder.place(receiver.tempPath, finalName).catch(writeFailure);
	if (refusal !== undefined) {
		throw DownloadError.refused(refusal);
	}

	receiver.sink.moved();
	return `${task.prefix}${finalName}`;
}
