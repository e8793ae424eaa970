/**
 * The detector's numbers, one record per stage as torchvision groups its keyword arguments:
 * backbone, input transform, anchors, RPN (with its proposal counts), box head, mask head and the
 * auxiliary classifier. Each stage reads its own record; {@code MaskRcnnConfig} in the root
 * package holds the seven, the presets, the JSON form and its hash. A leaf: records and value
 * checks only, no other package of the model.
 */
package org.nodulescope.model.config;
