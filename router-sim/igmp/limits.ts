/**
 * Bounds on the state one interface keeps, whatever the LAN sends: reports beyond them are ignored
 * (ASM forwarding loses nothing for a source left out of a group's list, and a LAN with more than
 * this many groups is not a lab).
 */

/** Group records per interface; reports for further groups are ignored until some expire. */
export const MAX_GROUPS_PER_INTERFACE = 4096;

/**
 * Source records per group; further sources in a report are ignored. 256 sources also keep every
 * group-and-source-specific query within one 1500-byte frame (24 + 12 + 4 × 256 = 1060 bytes).
 */
export const MAX_SOURCES_PER_GROUP = 256;
