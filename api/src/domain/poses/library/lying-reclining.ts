import { definePoses, limb } from './define';

export const LYING_RECLINING_POSES = definePoses('lying_reclining', [
  {
    id: 'pose_lying_on_back',
    name: 'Lying on the back',
    tags: ['lying', 'relaxed', 'floor', 'bed', 'side view'],
    difficulty: 'easy',
    suitability: ['full_body', 'lifestyle'],
    description: 'Lying flat on the back seen from the side, legs straight, arms along the body.',
    body: { view: 'side', torso: 90, rightArm: limb(85, 88), leftArm: limb(84, 90), rightLeg: limb(90, 90), leftLeg: limb(89, 91), aspect: 'landscape' },
  },
  {
    id: 'pose_lying_side_head_on_hand',
    name: 'Lying on the side, head on hand',
    tags: ['lying', 'side', 'head on hand', 'lounging', 'glamour'],
    difficulty: 'medium',
    suitability: ['full_body', 'fashion', 'lifestyle'],
    description: 'Lying on the right side facing the camera, head propped on the right hand, the top arm resting along the body and the top knee bent forward.',
    body: { view: 'front', torso: 90, rightArm: limb(-40, -166, 0.88), leftArm: limb(80, 85), rightLeg: limb(85, 95), leftLeg: limb(70, 110), aspect: 'landscape' },
  },
  {
    id: 'pose_reclining_on_elbows',
    name: 'Reclining on the elbows',
    tags: ['reclining', 'elbows', 'beach', 'relaxed', 'side view'],
    difficulty: 'medium',
    suitability: ['full_body', 'lifestyle', 'fashion'],
    description: 'Half-reclined on the floor in profile, propped on the elbows with the legs stretched out forward.',
    body: { view: 'side', torso: 65, headTilt: -40, rightArm: limb(-10, 88, 0.8), leftArm: limb(-14, 86, 0.8), rightLeg: limb(91, 90), leftLeg: limb(89, 92), aspect: 'landscape' },
  },
  {
    id: 'pose_lying_on_stomach_feet_up',
    name: 'Lying on the stomach, feet up',
    tags: ['lying', 'stomach', 'playful', 'feet up', 'chin in hands'],
    difficulty: 'medium',
    suitability: ['full_body', 'lifestyle', 'social'],
    description: 'Lying on the stomach propped on the elbows, chin resting on the hands, lower legs raised behind.',
    body: { view: 'side', yaw: -90, torso: 70, headTilt: -70, rightArm: limb(-10, -140), leftArm: limb(-6, -145), rightLeg: limb(85, 160), leftLeg: limb(87, 150), aspect: 'landscape' },
  },
  {
    id: 'pose_reclining_lounge_chair',
    name: 'Lounging back in a chair',
    tags: ['lounge', 'sofa', 'relaxed', 'arm behind head', 'side view'],
    difficulty: 'easy',
    suitability: ['full_body', 'lifestyle'],
    description: 'Leaning far back in a lounge chair in profile, knees bent, one hand on the thigh and the other arm behind the head.',
    body: { view: 'side', torso: 35, headTilt: -20, rightArm: limb(40, 80), leftArm: limb(-170, 60, 1, 0.6), rightLeg: limb(80, 10), leftLeg: limb(78, 6), hidden: ['left_wrist'], aspect: 'square' },
  },
]);
