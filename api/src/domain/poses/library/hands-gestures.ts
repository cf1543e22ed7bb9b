import { ARM_DOWN_L, definePoses, HAND_ON_HIP_L, LEG_L, LEG_R, limb } from './define';

const legs = { rightLeg: LEG_R, leftLeg: LEG_L };

export const HANDS_GESTURES_POSES = definePoses('hands_gestures', [
  {
    id: 'pose_hands_wave',
    name: 'Friendly wave',
    tags: ['wave', 'hello', 'greeting', 'friendly', 'front'],
    difficulty: 'easy',
    suitability: ['half_body', 'portrait', 'social', 'lifestyle'],
    description: 'Facing the camera and waving with the right hand raised beside the head.',
    body: { view: 'front', rightArm: limb(-110, -170), leftArm: ARM_DOWN_L, ...legs, framing: 'half_body', aspect: 'portrait' },
  },
  {
    id: 'pose_hands_thumbs_up',
    name: 'Thumbs up',
    tags: ['thumbs up', 'approval', 'recommend', 'testimonial'],
    difficulty: 'easy',
    suitability: ['half_body', 'portrait', 'social', 'product'],
    description: 'Facing the camera with the elbow at the side and the forearm raised in a thumbs-up at chest height.',
    body: { view: 'front', rightArm: limb(-10, 160, 1, 0.75), leftArm: ARM_DOWN_L, ...legs, framing: 'half_body', aspect: 'portrait' },
  },
  {
    id: 'pose_hands_pointing_side',
    name: 'Pointing to the side',
    tags: ['pointing', 'presenting', 'look here', 'announcement'],
    difficulty: 'easy',
    suitability: ['half_body', 'social', 'product', 'corporate'],
    description: 'Facing the camera with the right arm stretched out level, pointing at something beside the body (space for text or a product).',
    body: { view: 'front', rightArm: limb(-95, -92), leftArm: ARM_DOWN_L, ...legs, framing: 'half_body', aspect: 'square' },
  },
  {
    id: 'pose_hands_heart',
    name: 'Hand heart',
    tags: ['heart', 'love', 'thank you', 'fans', 'front'],
    difficulty: 'easy',
    suitability: ['half_body', 'portrait', 'social'],
    description: 'Both hands meeting in front of the chest to form a heart shape.',
    body: { view: 'front', rightArm: limb(-25, 112), leftArm: limb(25, -112), ...legs, framing: 'half_body', aspect: 'portrait' },
  },
  {
    id: 'pose_hands_thinking',
    name: 'Thinking, hand on chin',
    tags: ['thinking', 'hand on chin', 'pensive', 'question'],
    difficulty: 'medium',
    suitability: ['half_body', 'portrait', 'corporate', 'social'],
    description: 'Thoughtful pose: the right hand at the chin, the left forearm across the body supporting the right elbow.',
    body: { view: 'front', headTilt: 6, rightArm: limb(40, 172, 0.5), leftArm: limb(5, -95), ...legs, framing: 'half_body', aspect: 'portrait' },
  },
  {
    id: 'pose_hands_open_arms_welcome',
    name: 'Open arms welcome',
    tags: ['welcome', 'open arms', 'invitation', 'front'],
    difficulty: 'easy',
    suitability: ['half_body', 'full_body', 'social', 'lifestyle', 'corporate'],
    description: 'Facing the camera with both arms opened outwards and down, palms forward, in a welcoming gesture.',
    body: { view: 'front', rightArm: limb(-55, -70), leftArm: limb(55, 70), ...legs, framing: 'half_body', aspect: 'square' },
  },
  {
    id: 'pose_hands_peace_sign',
    name: 'Peace sign by the face',
    tags: ['peace sign', 'v sign', 'selfie', 'playful', 'front'],
    difficulty: 'easy',
    suitability: ['half_body', 'portrait', 'social'],
    description: 'Playful pose with the right hand raised beside the face making a V sign, the left hand on the hip.',
    body: { view: 'front', headTilt: -5, rightArm: limb(-40, -175, 0.9), leftArm: HAND_ON_HIP_L, ...legs, framing: 'half_body', aspect: 'portrait' },
  },
]);
