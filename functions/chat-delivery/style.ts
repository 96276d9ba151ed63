import type { Severity } from '../notifier/model';

/** How a severity looks in chat: a colour (Slack's bar, Google Chat's text), an emoji, a Teams container style. */
export interface SeverityStyle {
  /** `#rrggbb`. */
  color: string;
  /** Unicode emoji that starts the title. */
  emoji: string;
  /** The Adaptive Card container style (`attention` is red in Teams). */
  teams: 'attention' | 'warning' | 'good' | 'accent';
}

/**
 * The one table of severity styles: red for a failure, amber for a stop, green for a recovery, blue
 * for information.
 *
 * @example
 * ```ts
 * SEVERITY_STYLES.critical.color; // '#d93025'
 * ```
 */
export const SEVERITY_STYLES: Readonly<Record<Severity, SeverityStyle>> = {
  critical: { color: '#d93025', emoji: '❌', teams: 'attention' },
  warning: { color: '#f9ab00', emoji: '⚠️', teams: 'warning' },
  recovered: { color: '#1e8e3e', emoji: '✅', teams: 'good' },
  info: { color: '#1a73e8', emoji: 'ℹ️', teams: 'accent' },
};
