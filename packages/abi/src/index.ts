// Entry point of @hearth/abi. The generated modules come from `npm run gen:abi` (run by `npm test`).
export * from './generated/index.js'
