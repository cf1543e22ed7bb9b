import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { summarizeMedia, parseRate } from '../api/src/domain/files/probe';
import { parseRange } from '../api/src/domain/files/range';
import { signedFileUrl, verifyFileSignature } from '../api/src/domain/files/signing';
import { cleanFilename, sweepTempFiles } from '../api/src/domain/files/temp';
import { filenameFromDisposition } from '../api/src/domain/files/url-import';
import { contentDisposition } from '../api/src/services/files';

describe('Files: pure helpers', () => {
  it('when Range headers are parsed, then single ranges are served, oddities ignored and ranges past the end refused', () => {
    assert.deepEqual(parseRange(undefined, 100), { kind: 'full' });
    assert.deepEqual(parseRange('bytes=0-9', 100), { kind: 'partial', range: { start: 0, end: 9 } });
    assert.deepEqual(parseRange('bytes=90-', 100), { kind: 'partial', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=90-500', 100), { kind: 'partial', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=-10', 100), { kind: 'partial', range: { start: 90, end: 99 } });
    assert.deepEqual(parseRange('bytes=-500', 100), { kind: 'partial', range: { start: 0, end: 99 } });
    assert.deepEqual(parseRange('bytes=100-', 100), { kind: 'unsatisfiable' });
    assert.deepEqual(parseRange('bytes=-0', 100), { kind: 'unsatisfiable' });
    for (const ignored of ['bytes=0-1,5-6', 'items=0-1', 'bytes=5-1', 'bytes=-', 'garbage']) assert.deepEqual(parseRange(ignored, 100), { kind: 'full' }, ignored);
  });

  it('when a signed URL is checked, then only the exact id and expiry with the right secret pass, until they expire', () => {
    const now = 1_800_000_000_000;
    const { url } = signedFileUrl({ baseUrl: 'https://api.example', secret: 's'.repeat(32), id: 'file_1', ttlSeconds: 60, now });
    const q = new URL(url).searchParams;
    const base = { secret: 's'.repeat(32), id: 'file_1', expires: q.get('expires'), signature: q.get('signature'), now };
    assert.equal(verifyFileSignature(base), 'valid');
    assert.equal(verifyFileSignature({ ...base, now: now + 61_000 }), 'expired');
    assert.equal(verifyFileSignature({ ...base, id: 'file_2' }), 'invalid');
    assert.equal(verifyFileSignature({ ...base, secret: 't'.repeat(32) }), 'invalid');
    assert.equal(verifyFileSignature({ ...base, expires: String(Number(base.expires) + 1) }), 'invalid');
    assert.equal(verifyFileSignature({ ...base, expires: ['1', '2'] }), 'invalid');
    assert.equal(verifyFileSignature({ ...base, signature: undefined }), 'invalid');
  });

  it('when names come from clients, then paths and control characters go, and headers stay valid for any name', () => {
    assert.equal(cleanFilename('../../etc/passwd', 'x'), 'passwd');
    assert.equal(cleanFilename('C:\\Users\\me\\clip.mp4', 'x'), 'clip.mp4');
    assert.equal(cleanFilename('a\u0000b\r\nc.png', 'x'), 'abc.png');
    assert.equal(cleanFilename('..', 'upload.png'), 'upload.png');
    assert.equal(cleanFilename('', 'upload.png'), 'upload.png');
    assert.equal(Array.from(cleanFilename('é'.repeat(300), 'x')).length, 255);
    assert.equal(contentDisposition('naïve "clip".mp4'), `attachment; filename="na_ve _clip_.mp4"; filename*=UTF-8''na%C3%AFve%20%22clip%22.mp4`);
    assert.equal(filenameFromDisposition(`attachment; filename="a \\"b\\".png"`), 'a "b".png');
    assert.equal(filenameFromDisposition(`inline; filename=plain.jpg; size=3`), 'plain.jpg');
    assert.equal(filenameFromDisposition(`attachment; filename="fallback.png"; filename*=UTF-8''f%C3%B6to.png`), 'föto.png');
    assert.equal(filenameFromDisposition(undefined), null);
  });

  it('when ffprobe reports a rotated phone video with cover art, then the displayed size and the real streams are kept', () => {
    const meta = summarizeMedia({
      format: { format_name: 'mov,mp4', duration: '12.3456' },
      streams: [
        { index: 0, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } },
        { index: 1, codec_type: 'video', codec_name: 'hevc', width: 1920, height: 1080, avg_frame_rate: '30000/1001', side_data_list: [{ rotation: -90 }] },
        { index: 2, codec_type: 'audio', codec_name: 'aac', channels: 2, sample_rate: '48000' },
      ],
    });
    assert.deepEqual(meta, {
      duration_seconds: 12.346, width: 1080, height: 1920, fps: 29.97, video_codec: 'hevc', audio_codec: 'aac',
      has_audio: true, has_video: true, audio_channels: 2, audio_sample_rate: 48000, rotation: 90, container: 'mov,mp4',
    });
    assert.equal(parseRate('0/0'), null);
  });

  it('when temp files are swept, then only old regular files go', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lumiku-sweep-'));
    try {
      fs.writeFileSync(path.join(dir, 'old'), 'x');
      fs.writeFileSync(path.join(dir, 'new'), 'x');
      const hourAgo = new Date(Date.now() - 3600_000);
      fs.utimesSync(path.join(dir, 'old'), hourAgo, hourAgo);
      assert.equal(await sweepTempFiles(dir, 600_000), 1);
      assert.deepEqual(fs.readdirSync(dir), ['new']);
      assert.equal(await sweepTempFiles(path.join(dir, 'missing'), 1), 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
