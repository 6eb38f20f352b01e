export { VotePanel, votesOfRole } from './VotePanel';
export type { VotePanelProps } from './VotePanel';
