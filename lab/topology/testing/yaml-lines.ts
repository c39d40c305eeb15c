/** Builds YAML from lines so that expected line numbers can be read off a test. */
export const yaml = (...lines: string[]) => `${lines.join('\n')}\n`;

/** One network, for topologies whose test is about something else. */
export const LAN = ['networks:', '  lan1:'];
