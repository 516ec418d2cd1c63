export * from './naver/endpoints.js';
export * from './naver/mock-naver-server.js';
export * from './naver/nock.js';
export * from './naver/responses.js';
