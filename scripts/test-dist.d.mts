export const TEST_DIST: string
