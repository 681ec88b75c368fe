import type { ExplorerProvider } from '../explorer/explorerProvider';
import type { Command } from './command';

export function refreshExplorerCommand(explorer: ExplorerProvider): Command {
  return { id: 'dynamics365.explorer.refresh', run: () => explorer.refresh() };
}
