import {Box, Text} from 'ink';
import React from 'react';

type Props = {
	/** "saved in images/: sequential/ parallel/" (view/saved-line.ts); nothing when no run started. */
	readonly text: string | undefined;
	readonly width: number;
};

/** Where the images went, on the last frame in the footer's place: the line a user looks for after quitting. */
function SavedLine({text, width}: Props) {
	if (text === undefined) {
		return null;
	}

	return (
		<Box width={width} height={1} overflow="hidden">
			<Text dimColor wrap="truncate-end">{text}</Text>
		</Box>
	);
}

export default React.memo(SavedLine);
