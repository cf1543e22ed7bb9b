import { ARM_DOWN_L, definePoses, HAND_ON_HIP_L, LEG_L, LEG_R, limb } from './define';

const legs = { rightLeg: LEG_R, leftLeg: LEG_L };

export const PRODUCT_HOLDING_POSES = definePoses('product_holding', [
  {
    id: 'pose_product_two_hands_chest',
    name: 'Holding a product at the chest',
    tags: ['product', 'two hands', 'chest', 'showcase', 'front'],
    difficulty: 'easy',
    suitability: ['half_body', 'product', 'social'],
    description: 'Facing the camera and holding a product in both hands in front of the chest, label towards the lens.',
    body: { view: 'front', rightArm: limb(-5, 110, 0.85, 0.7), leftArm: limb(5, -110, 0.85, 0.7), ...legs, framing: 'half_body', aspect: 'portrait' },
  },
  {
    id: 'pose_product_present_palm_up',
    name: 'Presenting a product on the palm',
    tags: ['product', 'presenting', 'palm up', 'one hand', 'showcase'],
    difficulty: 'easy',
    suitability: ['half_body', 'product', 'social', 'corporate'],
    description: 'Facing the camera and presenting a product on the open right palm, held out to the side at chest height.',
    body: { view: 'front', rightArm: limb(-40, -120), leftArm: ARM_DOWN_L, ...legs, framing: 'half_body', aspect: 'square' },
  },
  {
    id: 'pose_product_beside_face',
    name: 'Product beside the face',
    tags: ['beauty', 'cosmetics', 'skincare', 'product', 'close up'],
    difficulty: 'medium',
    suitability: ['portrait', 'half_body', 'product', 'social'],
    description: 'Beauty shot: a small product held up beside the chin with the right hand, face to the camera.',
    body: { view: 'front', headTilt: 5, rightArm: limb(-30, 158, 0.6), leftArm: ARM_DOWN_L, ...legs, framing: 'portrait', aspect: 'portrait' },
  },
  {
    id: 'pose_product_offer_to_camera',
    name: 'Offering a product to the camera',
    tags: ['product', 'reach', 'offer', 'two hands', 'foreshortened'],
    difficulty: 'medium',
    suitability: ['half_body', 'product', 'social'],
    description: 'Both hands reaching towards the lens to offer the product to the viewer, elbows bent.',
    body: { view: 'front', rightArm: limb(-5, 100, 0.45, 0.5), leftArm: limb(5, -100, 0.45, 0.5), ...legs, framing: 'half_body', aspect: 'portrait' },
  },
  {
    id: 'pose_product_bag_in_hand',
    name: 'Carrying a bag at the side',
    tags: ['bag', 'handbag', 'tote', 'fashion accessory', 'product'],
    difficulty: 'easy',
    suitability: ['full_body', 'product', 'fashion'],
    description: 'Standing facing the camera carrying a bag by its handles in the right hand, the left hand on the hip.',
    body: { view: 'front', rightArm: limb(-12, -8), leftArm: HAND_ON_HIP_L, rightLeg: limb(-4, 0), leftLeg: limb(6, -2), aspect: 'portrait' },
  },
  {
    id: 'pose_product_cup_sip',
    name: 'Sipping from a cup',
    tags: ['drink', 'coffee', 'cup', 'beverage', 'cafe', 'product'],
    difficulty: 'medium',
    suitability: ['half_body', 'portrait', 'product', 'lifestyle'],
    description: 'Holding a cup to the lips with the right hand while the left hand holds the saucer at chest height.',
    body: { view: 'front', rightArm: limb(20, 170, 0.6), leftArm: limb(8, -100), ...legs, framing: 'half_body', aspect: 'portrait' },
  },
]);
