/** How many leading bytes of a file the sniffer needs. */
export const SNIFF_LENGTH = 4096;

const ZIP_CONTAINERS: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  odp: 'application/vnd.oasis.opendocument.presentation',
  epub: 'application/epub+zip',
  apk: 'application/vnd.android.package-archive',
};

const COMPOUND_DOCUMENTS: Record<string, string> = {
  doc: 'application/msword',
  xls: 'application/vnd.ms-excel',
  ppt: 'application/vnd.ms-powerpoint',
};

function startsWith(head: Buffer, signature: number[] | string, offset = 0): boolean {
  const bytes = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return head.length >= offset + bytes.length && head.subarray(offset, offset + bytes.length).equals(bytes);
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
}

function isUtf8Text(head: Buffer): boolean {
  if (head.includes(0)) {
    return false;
  }
  try {
    // `stream: true` tolerates a character cut at the end of the sniffed bytes.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: true });
    return true;
  } catch {
    return false;
  }
}

function isoMediaType(head: Buffer): string {
  const brand = head.subarray(8, 12).toString('latin1');
  if (brand === 'M4A ' || brand === 'M4B ') {
    return 'audio/mp4';
  }
  if (brand === 'qt  ') {
    return 'video/quicktime';
  }
  if (brand.startsWith('3g')) {
    return 'video/3gpp';
  }
  if (brand === 'heic' || brand === 'heix' || brand === 'mif1') {
    return 'image/heic';
  }
  return 'video/mp4';
}

/**
 * The MIME type of a file from its first bytes. The name only refines container formats (a ZIP
 * named .docx is a Word document); it never turns one kind of content into another. Text that
 * is valid UTF-8 is always text/plain, so no upload is ever served as HTML or SVG.
 */
export function sniffContentType(head: Buffer, fileName: string): string {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) {
    return 'image/png';
  }
  if (startsWith(head, [0xff, 0xd8, 0xff])) {
    return 'image/jpeg';
  }
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) {
    return 'image/gif';
  }
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) {
    return 'image/webp';
  }
  if (startsWith(head, 'RIFF') && startsWith(head, 'WAVE', 8)) {
    return 'audio/wav';
  }
  if (startsWith(head, 'ftyp', 4)) {
    return isoMediaType(head);
  }
  if (startsWith(head, '#!AMR')) {
    return 'audio/amr';
  }
  if (startsWith(head, 'ID3') || (head.length >= 2 && head[0] === 0xff && (head[1] & 0xe0) === 0xe0)) {
    return 'audio/mpeg';
  }
  if (startsWith(head, 'OggS')) {
    return 'audio/ogg';
  }
  if (startsWith(head, '%PDF-')) {
    return 'application/pdf';
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return ZIP_CONTAINERS[extensionOf(fileName)] ?? 'application/zip';
  }
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) {
    return COMPOUND_DOCUMENTS[extensionOf(fileName)] ?? 'application/x-ole-storage';
  }
  if (startsWith(head, [0x1f, 0x8b])) {
    return 'application/gzip';
  }
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) {
    return 'application/x-7z-compressed';
  }
  if (startsWith(head, 'Rar!')) {
    return 'application/vnd.rar';
  }
  if (head.length > 0 && isUtf8Text(head)) {
    return 'text/plain';
  }
  return 'application/octet-stream';
}
