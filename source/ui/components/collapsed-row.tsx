import {Text} from 'ink';
import React from 'react';

type Props = {
	/** "✓ 37 done · ✗ 2 failed ↑", "… 150 queued". */
	readonly text: string;
	readonly width: number;
};

/** Rows that do not fit, counted on one dim line. */
function CollapsedRow({text, width}: Props) {
	return (
		<Text dimColor wrap="truncate-end">{`  ${text}`.slice(0, width)}</Text>
	);
}

export default React.memo(CollapsedRow);
