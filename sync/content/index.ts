export {
  ContentDownloader,
  type ContentSpec,
  type DownloaderOptions,
  type DownloadProgress,
  type DownloadResult,
  type ItemProgress,
  type ItemState,
} from './downloader.js';
export { MAX_REDIRECTS, redactUrl } from './http-get.js';
export { TokenBucket } from './rate-limit.js';
