package org.nodulescope.phantom;

/** One solid and how it is painted; a scene paints its items in list order. */
record SceneItem(Shape shape, Paint paint) {}
