// Where `npm test` and the bench build the assets their workers serve: never dist/, which `npm start` serves.
export const TEST_DIST = 'dist-test'
