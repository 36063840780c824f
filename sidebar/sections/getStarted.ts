/**
 * Get started: what a first-time user (nothing connected, no saved sync) sees in the Syncs tab instead of a sync form
 * with nothing to pick: three steps, the first with a button per provider that opens its form under Connections.
 */
import { anyConnection } from '../credentials';
import { byTestId, h } from '../dom';
import type { Section, SidebarContext } from './context';

/** Whether the sidebar should walk the user through connecting before anything else. */
export function isFirstTime(state: Pick<SidebarContext['state'], 'connections' | 'syncs'>): boolean {
  return !anyConnection(state.connections) && state.syncs.length === 0;
}

export function getStartedSection(section: HTMLElement, others: HTMLElement[], context: SidebarContext): Section {
  const providers = byTestId('get-started-providers', section);
  let built = false;
  return {
    render() {
      if (!built) {
        providers.replaceChildren(
          ...context.state.connections.map((connection) => {
            const button = h(
              'button',
              { type: 'button', 'data-testid': `get-started-${connection.provider}`, 'aria-label': `Connect ${connection.label}` },
              connection.label,
            );
            button.addEventListener('click', () => context.connect(connection.provider));
            return button;
          }),
        );
        built = true;
      }
      const firstTime = isFirstTime(context.state);
      section.hidden = !firstTime;
      for (const other of others) other.hidden = firstTime;
    },
  };
}
