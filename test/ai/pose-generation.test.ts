import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
import sharp from 'sharp';
import { renderConditioningImage } from '../../api/src/domain/poses';
import { decodePlaceholderCode, placeholderLayout, promptHash32 } from '../../workers/src/providers/test-provider';
import { download, uploadBytes } from '../fixtures/uploads';
import { call, createTestAccount, startTestApp, type TestAccount, type TestApp } from '../support/harness';

const POSES = ['pose_standing_neutral_front', 'pose_standing_hands_on_hips', 'pose_standing_arms_crossed'];
const MAGENTA = '#ff00ff';

async function solidPng(w: number, h: number, colour: string) {
  return sharp({ create: { width: w, height: h, channels: 3, background: colour } }).png().toBuffer();
}

async function rawOf(bytes: Buffer) {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, channels: info.channels };
}

describe('AI apps with the test provider: avatars → pose generations', function () {
  this.timeout(30_000);
  let app: TestApp;
  let acct: TestAccount;

  before(async () => {
    app = await startTestApp({ AI_PROMPT_BLOCKLIST: 'forbiddenword,bad phrase', AI_PROMPT_MAX_LENGTH: '300' }, { worker: true });
    acct = await createTestAccount(app.db, { balance: 1000 });
  });
  after(() => app?.close());

  async function uploadAvatar(key: string, colour = MAGENTA) {
    const file = await uploadBytes(app.baseUrl, key, await solidPng(600, 800, colour), 'me.png', { type: 'image/png' });
    assert.equal(file.status, 201, file.text);
    const created = await call(app.baseUrl, 'POST', '/v1/avatars', { key, body: { from: 'upload', name: 'Maya', file_id: file.body.id, persona: { age: 30, style: 'casual' } } });
    assert.equal(created.status, 202, created.text);
    const done = await call(app.baseUrl, 'GET', `/v1/avatars/${created.body.id}?wait=20`, { key });
    assert.equal(done.body.status, 'succeeded', JSON.stringify(done.body.error));
    return done.body;
  }

  it('when an avatar is made from an upload, then it is normalised with a thumbnail and is listed, updated and deleted (files gone, ledger kept)', async () => {
    const avatar = await uploadAvatar(acct.live);
    assert.equal(avatar.object, 'avatar');
    assert.equal(avatar.source, 'upload');
    assert.deepEqual([avatar.image.metadata.width, avatar.image.metadata.height], [600, 800]);
    assert.equal(avatar.image.content_type, 'image/png');
    const thumb = await download(avatar.thumbnail.url);
    const tm = await sharp(thumb.bytes).metadata();
    assert.deepEqual([tm.width, tm.height, tm.format], [256, 256, 'jpeg']);
    assert.equal(avatar.credits.charged, 1, 'upload: base 6 − 5');

    const list = await call(app.baseUrl, 'GET', '/v1/avatars', { key: acct.live });
    assert.ok(list.body.data.some((a: any) => a.id === avatar.id));
    const patched = await call(app.baseUrl, 'PATCH', `/v1/avatars/${avatar.id}`, { key: acct.live, body: { name: 'Maya 2', metadata: { team: 'a' } } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.name, 'Maya 2');
    assert.deepEqual(patched.body.metadata, { team: 'a' });

    const txnsBefore = await call(app.baseUrl, 'GET', '/v1/credit_transactions?limit=100', { key: acct.live });
    const del = await call(app.baseUrl, 'DELETE', `/v1/avatars/${avatar.id}`, { key: acct.live });
    assert.deepEqual(del.body, { id: avatar.id, object: 'avatar', deleted: true });
    assert.equal((await call(app.baseUrl, 'GET', `/v1/avatars/${avatar.id}`, { key: acct.live })).status, 404);
    assert.equal((await call(app.baseUrl, 'GET', `/v1/files/${avatar.image.file_id}`, { key: acct.live })).status, 404);
    assert.equal((await download(avatar.image.url)).status, 404, 'the bytes are gone');
    const txnsAfter = await call(app.baseUrl, 'GET', '/v1/credit_transactions?limit=100', { key: acct.live });
    assert.deepEqual(txnsAfter.body.data, txnsBefore.body.data, 'the ledger is untouched');
  });

  it('when an avatar is made from a prompt or a preset in test mode, then the placeholder says so and nothing is charged', async () => {
    const presets = await call(app.baseUrl, 'GET', '/v1/avatar_presets', { key: acct.test });
    assert.ok(presets.body.data.length >= 4);
    const fromPrompt = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'prompt', name: 'Gen', persona: { age: 25, hair_color: 'red' }, width: 512, height: 640, seed: 99 } });
    assert.equal(fromPrompt.status, 202, fromPrompt.text);
    const fromPreset = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'preset', name: 'Mascot', preset: presets.body.data[0].id } });
    const [gen, pre] = await Promise.all([fromPrompt, fromPreset].map((r) => call(app.baseUrl, 'GET', `/v1/avatars/${r.body.id}?wait=20`, { key: acct.test })));
    assert.equal(gen.body.status, 'succeeded', JSON.stringify(gen.body.error));
    assert.equal(pre.body.status, 'succeeded', JSON.stringify(pre.body.error));
    assert.equal(gen.body.image.metadata.placeholder, true);
    assert.equal(gen.body.image.metadata.provider, 'test');
    assert.equal(pre.body.persona.name, presets.body.data[0].persona.name);
    assert.deepEqual([gen.body.credits.quoted, gen.body.credits.charged], [6, 0]);
    const img = await rawOf((await download(gen.body.image.url)).bytes);
    assert.deepEqual([img.width, img.height], [512, 640]);
    const [plan] = await app.db.query<{ plan: any }>(`SELECT plan FROM jobs WHERE id = :id`, { replacements: { id: gen.body.id }, type: QueryTypes.SELECT });
    assert.match(plan.plan.prompt, /25-year-old.*red hair/);
    assert.deepEqual(decodePlaceholderCode(img.data, img.width, img.height, img.channels), { promptHash: promptHash32(plan.plan.prompt), seed: 99 });

    // The events carry the avatar as GET /v1/avatars/{id} shows it, from the moment it is created.
    const events = (await call(app.baseUrl, 'GET', `/v1/events?job_id=${gen.body.id}`, { key: acct.test })).body.data;
    assert.deepEqual(events.map((e: any) => e.type).sort(), ['avatar.processing', 'avatar.queued', 'avatar.succeeded']);
    for (const e of events) assert.deepEqual([e.data.object.object, e.data.object.name, e.data.object.persona], ['avatar', 'Gen', gen.body.persona], e.type);
    const succeeded = events.find((e: any) => e.type === 'avatar.succeeded').data.object;
    assert.deepEqual([succeeded.image.file_id, succeeded.thumbnail.file_id], [gen.body.image.file_id, gen.body.thumbnail.file_id]);
  });

  it('when an avatar is posed in 3 poses × 2 variations and 3 export formats, then 6 items each give 3 files at the right sizes, and the pose and the avatar reached the model', async () => {
    const avatar = await uploadAvatar(acct.test);
    const body = { avatar_id: avatar.id, poses: POSES, variations: 2, export_formats: ['instagram_story', 'facebook', 'original'], width: 512, height: 768, seed: 1000, output_format: 'png', prompt: 'in a bright studio' };
    const quote = await call(app.baseUrl, 'POST', '/v1/pose_generations?dry_run=true', { key: acct.test, body });
    assert.deepEqual([quote.body.quantity, quote.body.unit_price, quote.body.total, quote.body.free], [6, 30, 180, true]);
    const created = await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.test, body, headers: { 'idempotency-key': 'pgen-flow-1' } });
    assert.equal(created.status, 202, created.text);
    assert.equal(created.headers.get('location'), `/v1/pose_generations/${created.body.id}`);
    const again = await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.test, body, headers: { 'idempotency-key': 'pgen-flow-1' } });
    assert.equal(again.body.id, created.body.id, 'same Idempotency-Key, same job');

    const job = (await call(app.baseUrl, 'GET', `/v1/pose_generations/${created.body.id}?wait=30`, { key: acct.test })).body;
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.equal(job.items.length, 6);
    assert.equal(job.outputs.length, 18);
    assert.deepEqual(job.credits, { quoted: 180, reserved: 0, charged: 0, refunded: 0 });
    // The succeeded event's object is the job as GET shows it, items and all.
    const events = (await call(app.baseUrl, 'GET', `/v1/events?job_id=${job.id}&type=pose_generation.succeeded`, { key: acct.test })).body.data;
    assert.equal(events.length, 1);
    const shape = (items: any[]) => items.map((i) => [i.index, i.status, i.pose_id, i.seed, i.outputs.map((o: any) => o.file_id)]);
    assert.deepEqual(shape(events[0].data.object.items), shape(job.items));
    const sizes: Record<string, [number, number]> = { instagram_story: [1080, 1920], facebook: [1200, 630], original: [512, 768] };
    for (const item of job.items) {
      assert.equal(item.status, 'succeeded');
      assert.equal(item.pose_id, POSES[Math.floor(item.index / 2)]);
      assert.equal(item.variation, item.index % 2);
      assert.equal(item.seed, 1000 + item.index);
      assert.deepEqual(item.outputs.map((o: any) => o.metadata.export_format).sort(), Object.keys(sizes).sort());
    }
    await Promise.all(
      job.outputs.map(async (o: any) => {
        const m = await sharp((await download(o.url)).bytes).metadata();
        assert.deepEqual([m.width, m.height, m.format], [...sizes[o.metadata.export_format], 'png'], o.filename);
      }),
    );

    // What reached the model, read back from the placeholder of item 3 (pose 2, variation 1).
    const [row] = await app.db.query<{ plan: any }>(`SELECT plan FROM jobs WHERE id = :id`, { replacements: { id: job.id }, type: QueryTypes.SELECT });
    const item = job.items[3];
    const original = item.outputs.find((o: any) => o.metadata.export_format === 'original');
    const img = await rawOf((await download(original.url)).bytes);
    assert.deepEqual(decodePlaceholderCode(img.data, img.width, img.height, img.channels), { promptHash: promptHash32(row.plan.items[3].prompt), seed: 1003 });
    assert.match(row.plan.items[3].prompt, /in a bright studio.*pose/);

    // The skeleton: every pixel the conditioning image draws shows in the image (over the header too), outside the inset and the barcode.
    const cond = await rawOf(await renderConditioningImage(item.pose_id, { width: 512, height: 768 }));
    const L = placeholderLayout(512, 768);
    const inLabel = (x: number, y: number) => y >= 768 - L.stripe || (x >= L.inset.left && x < L.inset.left + L.inset.size && y >= L.inset.top && y < L.inset.top + L.inset.size);
    let drawn = 0;
    let same = 0;
    for (let y = 0; y < 768; y++)
      for (let x = 0; x < 512; x++) {
        const i = (y * 512 + x) * 3;
        if (inLabel(x, y) || (cond.data[i] <= 16 && cond.data[i + 1] <= 16 && cond.data[i + 2] <= 16)) continue;
        drawn++;
        if (cond.data[i] === img.data[i] && cond.data[i + 1] === img.data[i + 1] && cond.data[i + 2] === img.data[i + 2]) same++;
      }
    assert.ok(drawn > 2000, `the pose draws ${drawn} pixels`);
    assert.equal(same, drawn, 'the skeleton in the image is the conditioning image of this pose');
    // Another pose's skeleton would not match: the check can fail.
    const other = await rawOf(await renderConditioningImage(POSES[0], { width: 512, height: 768 }));
    assert.ok(!other.data.equals(cond.data));

    // The avatar (solid magenta) is the reference image: the inset shows it.
    const cx = L.inset.left + Math.floor(L.inset.size / 2);
    const cy = L.inset.top + Math.floor(L.inset.size / 2);
    const k = (cy * 512 + cx) * 3;
    assert.deepEqual([...img.data.subarray(k, k + 3)], [255, 0, 255]);
  });

  it('when a pose generation runs in text mode from an uploaded image with a colour background, then it is priced with the surcharge and works without a skeleton', async () => {
    const file = await uploadBytes(app.baseUrl, acct.test, await solidPng(400, 400, '#00ffff'), 'product.png', { type: 'image/png' });
    const body = { image: file.body.id, prompt: 'a bottle on a table', variations: 2, background: 'color', background_color: '#F5F0E6', width: 256, height: 256, seed: 5 };
    const q = await call(app.baseUrl, 'POST', '/v1/pose_generations?dry_run=true', { key: acct.test, body });
    assert.deepEqual([q.body.quantity, q.body.unit_price, q.body.total], [2, 40, 80]);
    const job = (await call(app.baseUrl, 'GET', `/v1/pose_generations/${(await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.test, body })).body.id}?wait=20`, { key: acct.test })).body;
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.deepEqual(job.items.map((i: any) => [i.pose_id, i.status]), [[null, 'succeeded'], [null, 'succeeded']]);
    const [row] = await app.db.query<{ plan: any }>(`SELECT plan FROM jobs WHERE id = :id`, { replacements: { id: job.id }, type: QueryTypes.SELECT });
    assert.match(row.plan.items[0].prompt, /plain solid #F5F0E6 studio background/);
  });

  it('when an uploaded avatar photo carries an EXIF orientation, then the avatar is stored upright', async () => {
    // Stored 400×200, left half red, right half blue; orientation 6 shows it turned 90° clockwise: 200×400, red on top.
    const halves = await sharp({ create: { width: 400, height: 200, channels: 3, background: '#0000ff' } })
      .composite([{ input: { create: { width: 200, height: 200, channels: 3, background: '#ff0000' } }, left: 0, top: 0 }])
      .png()
      .toBuffer();
    const jpeg = await sharp(halves).jpeg().withMetadata({ orientation: 6 }).toBuffer();
    const file = await uploadBytes(app.baseUrl, acct.test, jpeg, 'rotated.jpg', { type: 'image/jpeg' });
    const created = await call(app.baseUrl, 'POST', '/v1/avatars', { key: acct.test, body: { from: 'upload', name: 'Upright', file_id: file.body.id } });
    const avatar = (await call(app.baseUrl, 'GET', `/v1/avatars/${created.body.id}?wait=20`, { key: acct.test })).body;
    assert.equal(avatar.status, 'succeeded', JSON.stringify(avatar.error));
    const img = await rawOf((await download(avatar.image.url)).bytes);
    assert.deepEqual([img.width, img.height], [200, 400]);
    const at = (x: number, y: number) => [...img.data.subarray((y * img.width + x) * img.channels, (y * img.width + x) * img.channels + 3)];
    assert.ok(at(100, 50)[0] > 200 && at(100, 50)[2] < 60, `top is red: ${at(100, 50)}`);
    assert.ok(at(100, 350)[2] > 200 && at(100, 350)[0] < 60, `bottom is blue: ${at(100, 350)}`);
  });

  it('when the background is an image, then it is sent to the model with the pose and the reference', async () => {
    const avatar = await uploadAvatar(acct.test);
    const bg = await uploadBytes(app.baseUrl, acct.test, await solidPng(300, 300, '#ffa500'), 'beach.png', { type: 'image/png' });
    const created = await call(app.baseUrl, 'POST', '/v1/pose_generations', { key: acct.test, body: { avatar_id: avatar.id, poses: [POSES[1]], background: 'image', background_image: bg.body.id, width: 256, height: 384, output_format: 'png' } });
    assert.equal(created.status, 202, created.text);
    const job = (await call(app.baseUrl, 'GET', `/v1/pose_generations/${created.body.id}?wait=20`, { key: acct.test })).body;
    assert.equal(job.status, 'succeeded', JSON.stringify(job.error));
    assert.equal(job.credits.quoted, 40, '30 + 10 for the background');
    const img = await rawOf((await download(job.outputs[0].url)).bytes);
    // The test provider uses the background image as its backdrop: an empty spot shows its orange.
    const k = ((384 - placeholderLayout(256, 384).stripe - 5) * 256 + 5) * 3;
    assert.deepEqual([...img.data.subarray(k, k + 3)], [255, 165, 0]);
  });

  describe('bad input', () => {
    let other: TestAccount;
    let avatarId: string;
    before(async () => {
      other = await createTestAccount(app.db, { balance: 100 });
      avatarId = (await uploadAvatar(acct.test)).id;
    });
    const post = (key: string, body: unknown, path = '/v1/pose_generations') => call(app.baseUrl, 'POST', path, { key, body });
    const base = () => ({ avatar_id: avatarId, poses: [POSES[0]] });

    it('when the prompt is too long or blocklisted, then 422 validation_failed or prompt_blocked', async () => {
      const long = await post(acct.test, { ...base(), prompt: 'x'.repeat(301) });
      assert.equal(long.status, 422);
      assert.equal(long.body.code, 'validation_failed');
      assert.equal(long.body.errors[0].path, 'prompt');
      const blocked = await post(acct.test, { ...base(), prompt: 'a photo with a Bad Phrase in it' });
      assert.deepEqual([blocked.status, blocked.body.code], [422, 'prompt_blocked']);
      assert.equal(blocked.headers.get('content-type'), 'application/problem+json; charset=utf-8');
      const fine = await post(acct.test, { ...base(), prompt: 'badphrases are fine' }, '/v1/pose_generations?dry_run=true');
      assert.equal(fine.status, 200, 'only whole words are blocked');
      const avatar = await post(acct.test, { from: 'prompt', name: 'n', prompt: 'forbiddenword' }, '/v1/avatars');
      assert.equal(avatar.body.code, 'prompt_blocked');
    });

    it('when the model is unknown, of a higher tier, or its provider is not configured, then model_not_found, model_not_allowed and model_unavailable', async () => {
      assert.deepEqual(((r) => [r.status, r.body.code])(await post(acct.test, { ...base(), model: 'gpt-imagine' })), [422, 'model_not_found']);
      assert.deepEqual(((r) => [r.status, r.body.code])(await post(acct.test, { ...base(), model: 'flux-dev' })), [422, 'model_not_found'], 'an avatar model is not a pose model');
      assert.deepEqual(((r) => [r.status, r.body.code])(await post(acct.test, { ...base(), model: 'flux-pro-openpose' })), [403, 'model_not_allowed']);
      const live = await uploadAvatar(acct.live);
      assert.deepEqual(((r) => [r.status, r.body.code])(await post(acct.live, { avatar_id: live.id, poses: [POSES[0]], model: 'flux-openpose' })), [422, 'model_unavailable']);
      assert.deepEqual(((r) => [r.status, r.body.code])(await post(acct.live, { avatar_id: live.id, poses: [POSES[0]] })), [422, 'model_unavailable'], 'no default model without a provider');
    });

    it('when width is not a multiple of 8 or over the cap, then 422 names the field', async () => {
      const odd = await post(acct.test, { ...base(), width: 1001 });
      assert.deepEqual([odd.status, odd.body.errors[0].path], [422, 'width']);
      const big = await post(acct.test, { ...base(), height: 4096 });
      assert.deepEqual([big.status, big.body.errors[0].path], [422, 'height']);
      const small = await post(acct.test, { from: 'prompt', name: 'n', width: 256 }, '/v1/avatars');
      assert.deepEqual([small.status, small.body.errors[0].path], [422, 'width']);
    });

    it("when the avatar is another account's (or unknown poses, both or neither reference given), then 422 without revealing it", async () => {
      const foreign = await post(other.test, base());
      assert.deepEqual([foreign.status, foreign.body.code], [422, 'avatar_not_found']);
      assert.equal((await call(app.baseUrl, 'GET', `/v1/avatars/${avatarId}`, { key: other.test })).status, 404);
      assert.equal((await call(app.baseUrl, 'DELETE', `/v1/avatars/${avatarId}`, { key: other.test })).status, 404);
      assert.equal((await call(app.baseUrl, 'GET', `/v1/avatars/${avatarId}`, { key: acct.live })).status, 404, 'nor from the other mode');
      const unknownPose = await post(acct.test, { avatar_id: avatarId, poses: ['pose_moonwalk'] });
      assert.deepEqual([unknownPose.status, unknownPose.body.errors[0].path], [422, 'poses[0]']);
      const neither = await post(acct.test, { poses: [POSES[0]] });
      assert.equal(neither.status, 422);
      const tooMany = await post(acct.test, { ...base(), variations: 11 });
      assert.equal(tooMany.status, 422);
    });
  });

  describe('models and the pose library', () => {
    it('when models are listed, then each has its app, provider, cost and tier, and availability follows the configured providers', async () => {
      const res = await call(app.baseUrl, 'GET', '/v1/models?app=pose_generation', { key: acct.live });
      assert.equal(res.status, 200);
      const byId = Object.fromEntries(res.body.data.map((m: any) => [m.id, m]));
      assert.deepEqual([byId['flux-openpose'].credit_cost, byId['flux-openpose'].provider, byId['flux-openpose'].available], [30, 'replicate', false]);
      assert.equal(byId['flux-pro-openpose'].tier, 'pro');
      assert.ok(res.body.data.every((m: any) => m.app === 'pose_generation'));
    });

    it('when poses are listed by category and searched, then filters and pagination work; categories count them; a preview is a PNG', async () => {
      const cats = (await call(app.baseUrl, 'GET', '/v1/pose_categories', { key: acct.test })).body.data;
      assert.ok(cats.length >= 8);
      const standing = cats.find((c: any) => c.id === 'standing');
      const page1 = await call(app.baseUrl, 'GET', '/v1/poses?category=standing&limit=3', { key: acct.test });
      assert.equal(page1.body.data.length, 3);
      assert.ok(page1.body.data.every((p: any) => p.category === 'standing' && p.keypoints.length === 18));
      const seen = [...page1.body.data];
      for (let cursor = page1.body.next_cursor; cursor; ) {
        const next = await call(app.baseUrl, 'GET', `/v1/poses?category=standing&limit=3&starting_after=${cursor}`, { key: acct.test });
        seen.push(...next.body.data);
        cursor = next.body.next_cursor;
      }
      assert.equal(seen.length, standing.count);
      assert.equal(new Set(seen.map((p) => p.id)).size, seen.length);
      const bad = await call(app.baseUrl, 'GET', '/v1/poses?category=flying', { key: acct.test });
      assert.equal(bad.status, 422);
      const preview = await fetch(`${app.baseUrl}/v1/poses/${POSES[1]}/preview?width=200`, { headers: { authorization: `Bearer ${acct.test}` } });
      assert.equal(preview.headers.get('content-type'), 'image/png');
      assert.equal((await sharp(Buffer.from(await preview.arrayBuffer())).metadata()).width, 200);
      assert.equal((await call(app.baseUrl, 'GET', '/v1/poses/pose_nope', { key: acct.test })).status, 404);
    });
  });
});
