import assert from 'node:assert/strict';
import { findPose, POSE_CATEGORIES, POSES, searchPoses, validateKeypoints, validatePose, type Keypoint, type Pose } from '../../api/src/domain/poses';

describe('pose library', () => {
  it('holds at least 40 poses in at least 8 categories, each category counted right', () => {
    assert.ok(POSES.length >= 40, `${POSES.length} poses`);
    assert.ok(POSE_CATEGORIES.length >= 8, `${POSE_CATEGORIES.length} categories`);
    for (const c of POSE_CATEGORIES) {
      assert.equal(c.count, POSES.filter((p) => p.category === c.id).length, c.id);
      assert.ok(c.count >= 3, `category ${c.id} has only ${c.count} poses`);
      assert.ok(c.name && c.description, c.id);
    }
    assert.equal(POSE_CATEGORIES.reduce((s, c) => s + c.count, 0), POSES.length, 'every pose is in a listed category');
  });

  it('has unique, slug-shaped ids and unique names', () => {
    assert.equal(new Set(POSES.map((p) => p.id)).size, POSES.length);
    assert.equal(new Set(POSES.map((p) => p.name)).size, POSES.length);
    for (const p of POSES) assert.match(p.id, /^pose_[a-z0-9_]+$/);
  });

  it('every pose validates: 18 points in the frame or null, plausible limbs, left and right on their sides', () => {
    const problems = POSES.flatMap((p) => validatePose(p));
    assert.deepEqual(problems, []);
    for (const p of POSES) {
      assert.equal(p.keypoints.length, 18, p.id);
      assert.ok(['portrait', 'square', 'landscape'].includes(p.aspect), p.id);
      assert.ok(['easy', 'medium', 'hard'].includes(p.difficulty), p.id);
    }
  });

  it('covers every difficulty and every aspect', () => {
    assert.deepEqual(new Set(POSES.map((p) => p.difficulty)), new Set(['easy', 'medium', 'hard']));
    assert.deepEqual(new Set(POSES.map((p) => p.aspect)), new Set(['portrait', 'square', 'landscape']));
  });

  describe('validation rejects bad poses', () => {
    const base = findPose('pose_standing_neutral_front')!;
    const withPoint = (i: number, k: Keypoint | null): Pose => ({ ...base, keypoints: base.keypoints.map((p, j) => (j === i ? k : p)) });

    it('when a forearm is twice as long as it can be', () => {
      const elbow = base.keypoints[3]!;
      const wrist = base.keypoints[4]!;
      const stretched: Keypoint = [elbow[0] + (wrist[0] - elbow[0]) * 2.2, elbow[1] + (wrist[1] - elbow[1]) * 2.2, 1];
      assert.ok(validatePose(withPoint(4, stretched)).some((p) => /right_elbow–right_wrist/.test(p)));
    });

    it('when left and right are swapped on a body facing the camera', () => {
      const swapped = [...base.keypoints];
      [swapped[2], swapped[5]] = [swapped[5], swapped[2]];
      assert.ok(validatePose({ ...base, keypoints: swapped }).some((p) => /wrong sides/.test(p)));
    });

    it('when a point is outside the frame, missing, or not a point', () => {
      assert.ok(validatePose(withPoint(0, [1.2, 0.1, 1])).some((p) => /outside the frame/.test(p)));
      assert.ok(validateKeypoints(base.keypoints.slice(0, 17)).length > 0);
      assert.ok(validatePose(withPoint(1, null)).some((p) => /neck must be visible/.test(p)));
      assert.ok(validatePose(withPoint(4, [0.5, 0.5] as unknown as Keypoint)).length > 0);
    });

    it('when a wrist shows without its elbow', () => {
      assert.ok(validatePose(withPoint(3, null)).some((p) => /right_wrist is visible without right_elbow/.test(p)));
    });
  });

  describe('lookup and search', () => {
    it('finds a pose by id, and nothing for an unknown id', () => {
      assert.equal(findPose('pose_standing_hands_on_hips')?.name, 'Hands on hips');
      assert.equal(findPose('pose_nope'), undefined);
    });

    it('filters by category', () => {
      const sitting = searchPoses({ category: 'sitting' });
      assert.ok(sitting.length >= 3);
      assert.ok(sitting.every((p) => p.category === 'sitting'));
      assert.deepEqual(searchPoses({ category: 'no_such_category' }), []);
    });

    it('matches q against name, tags and description, case-insensitively, all words', () => {
      assert.ok(searchPoses({ q: 'THUMBS' }).some((p) => p.id === 'pose_hands_thumbs_up'));
      assert.ok(searchPoses({ q: 'yoga' }).some((p) => p.id === 'pose_fitness_tree_pose')); // a tag
      assert.ok(searchPoses({ q: 'label towards' }).some((p) => p.id === 'pose_product_two_hands_chest')); // the description
      assert.deepEqual(searchPoses({ q: 'thumbs yoga' }), []);
      assert.deepEqual(searchPoses({ q: 'zzzz' }), []);
    });

    it('filters by tags, difficulty and suitability, combined', () => {
      const hard = searchPoses({ difficulty: 'hard' });
      assert.ok(hard.length > 0 && hard.every((p) => p.difficulty === 'hard'));
      const product = searchPoses({ suitability: 'product' });
      assert.ok(product.length >= 5 && product.every((p) => p.suitability.includes('product')));
      const both = searchPoses({ suitability: ['product', 'portrait'] });
      assert.ok(both.length > 0 && both.every((p) => p.suitability.includes('product') && p.suitability.includes('portrait')));
      assert.ok(both.length < product.length);
      const tagged = searchPoses({ tags: ['Side View'] });
      assert.ok(tagged.length > 0 && tagged.every((p) => p.tags.includes('side view')));
      const combined = searchPoses({ category: 'fitness', difficulty: 'easy', q: 'arms' });
      assert.ok(combined.length > 0 && combined.every((p) => p.category === 'fitness' && p.difficulty === 'easy'));
      assert.equal(searchPoses({}).length, POSES.length);
    });
  });
});
