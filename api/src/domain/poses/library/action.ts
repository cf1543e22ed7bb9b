import { definePoses, limb } from './define';

export const ACTION_POSES = definePoses('action', [
  {
    id: 'pose_action_star_jump',
    name: 'Star jump',
    tags: ['jump', 'celebration', 'energy', 'arms up', 'front'],
    difficulty: 'medium',
    suitability: ['full_body', 'social', 'fitness', 'lifestyle'],
    description: 'Mid-air star jump facing the camera, arms and legs spread wide.',
    body: { view: 'front', rightArm: limb(-140, -150), leftArm: limb(140, 150), rightLeg: limb(-25, -28), leftLeg: limb(25, 28), aspect: 'portrait' },
  },
  {
    id: 'pose_action_running',
    name: 'Running, side view',
    tags: ['run', 'sprint', 'sport', 'motion', 'side view'],
    difficulty: 'hard',
    suitability: ['full_body', 'fitness', 'lifestyle'],
    description: 'Running stride in profile: front knee driving up, back leg pushing off, arms bent and swinging.',
    body: { view: 'side', torso: -10, rightArm: limb(-45, 45), leftArm: limb(40, 130), rightLeg: limb(75, -10), leftLeg: limb(-30, -60), aspect: 'portrait' },
  },
  {
    id: 'pose_action_dance_arms_up',
    name: 'Dancing, arms up',
    tags: ['dance', 'party', 'arms up', 'music', 'fun'],
    difficulty: 'medium',
    suitability: ['full_body', 'half_body', 'social', 'lifestyle'],
    description: 'Dancing facing the camera with both arms raised in a V and one knee bent inwards.',
    body: { view: 'front', torso: 4, headTilt: 8, rightArm: limb(-150, -165), leftArm: limb(150, 165), rightLeg: limb(-3, 0), leftLeg: limb(-5, 15, 1, 0.9), aspect: 'portrait' },
  },
  {
    id: 'pose_action_front_kick',
    name: 'High front kick',
    tags: ['kick', 'martial arts', 'sport', 'balance', 'side view'],
    difficulty: 'hard',
    suitability: ['full_body', 'fitness'],
    description: 'High front kick in profile: the kicking leg raised level with the hip, arms out for balance.',
    body: { view: 'side', torso: -8, rightArm: limb(60, 120), leftArm: limb(-60, -30), rightLeg: limb(105, 100), leftLeg: limb(-5, 0), aspect: 'square' },
  },
  {
    id: 'pose_action_fist_pump',
    name: 'Victory fist pump',
    tags: ['celebrate', 'win', 'victory', 'fist', 'excited'],
    difficulty: 'easy',
    suitability: ['full_body', 'half_body', 'social', 'fitness'],
    description: 'Celebrating facing the camera, the right fist punched up high and the left fist pulled down by the waist.',
    body: { view: 'front', headTilt: -5, rightArm: limb(-160, -175), leftArm: limb(10, -150, 1, 0.8), rightLeg: limb(-8, -3), leftLeg: limb(8, 3), aspect: 'portrait' },
  },
]);
