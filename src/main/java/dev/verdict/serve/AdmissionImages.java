package dev.verdict.serve;

import dev.verdict.ConfigException;
import dev.verdict.k8s.ImageOccurrence;
import dev.verdict.k8s.ManifestImages;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which images of an admission request are verified (WEBHOOK.md, "What is verified"): every image of the object at
 * every pod-template depth on CREATE; on UPDATE (the {@code pods/ephemeralcontainers} subresource included) only
 * those not already in {@code oldObject}; none for an object being deleted, nor for DELETE and CONNECT.
 */
final class AdmissionImages {
  /**
   * The images to verify, or why there are none.
   *
   * @param skip why nothing is verified (deletion, operation), or null
   * @param noneFound true when the object holds no image at all (a kind without a pod template)
   */
  record Selection(List<ImageOccurrence> images, String skip, boolean noneFound) {}

  private AdmissionImages() {}

  /** @throws ConfigException the object holds an image field verdict cannot read (the request is denied) */
  static Selection select(AdmissionRequest r) throws ConfigException {
    if (!r.operation().equals("CREATE") && !r.operation().equals("UPDATE")) {
      return new Selection(List.of(), r.operation() + " creates no container", false);
    }
    if (r.operation().equals("UPDATE") && r.beingDeleted()) {
      return new Selection(List.of(), "the object is being deleted (finalizers must stay removable)", false);
    }
    List<ImageOccurrence> all = ManifestImages.fromPodSpecHolder(r.object(), r.kind(), "admission:" + r.uid());
    if (all.isEmpty()) {
      return new Selection(List.of(), null, true);
    }
    if (!r.operation().equals("UPDATE") || r.oldObject() == null) {
      return new Selection(all, null, false);
    }
    Set<String> old = new HashSet<>();
    try {
      for (ImageOccurrence o : ManifestImages.fromPodSpecHolder(r.oldObject(), r.kind(), "admission:" + r.uid())) {
        old.add(o.image());
      }
    } catch (ConfigException e) {
      old.clear(); // an unreadable stored object vouches for nothing: every image is verified
    }
    List<ImageOccurrence> fresh = new ArrayList<>();
    for (ImageOccurrence o : all) {
      if (!old.contains(o.image())) {
        fresh.add(o);
      }
    }
    return new Selection(fresh, null, false);
  }
}
