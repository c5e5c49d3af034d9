package dev.verdict.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.verdict.ConfigException;
import dev.verdict.Json;
import dev.verdict.k8s.ImageOccurrence;
import java.util.List;
import org.junit.jupiter.api.Test;

class AdmissionImagesTest {
  static AdmissionRequest request(String review) throws BadReviewException {
    return AdmissionRequest.of(Json.mapper().readTree(review), false);
  }

  static List<String> images(AdmissionImages.Selection s) {
    return s.images().stream().map(ImageOccurrence::image).toList();
  }

  @Test
  void select_createPodWithInitEphemeralAndVolume_everyImageWithItsPointer() throws Exception {
    String pod = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"spec\":{\"initContainers\":[{\"name\":\"i\",\"image\":"
        + "\"a:1\"}],\"containers\":[{\"name\":\"c\",\"image\":\"b:1\"}],\"ephemeralContainers\":[{\"name\":\"e\","
        + "\"image\":\"c:1\"}],\"volumes\":[{\"name\":\"v\",\"image\":{\"reference\":\"d:1\"}}]}}";
    AdmissionImages.Selection s = AdmissionImages.select(request(Reviews.create("", "Pod", pod)));
    assertEquals(List.of("a:1", "b:1", "c:1", "d:1"), images(s).stream().sorted().toList());
    assertTrue(s.images().stream().anyMatch(o -> o.jsonPointer().equals("/spec/volumes/0/image/reference")));
    assertTrue(s.images().stream().anyMatch(o -> o.jsonPointer().equals("/spec/initContainers/0/image")));
  }

  @Test
  void select_updateKeepingImages_nothingToVerify() throws Exception {
    String obj = Reviews.object("apps", "Deployment", "r/app:1");
    AdmissionImages.Selection s = AdmissionImages.select(request(Reviews.review("apps", "Deployment", "UPDATE", obj,
        obj, null, false)));
    assertEquals(List.of(), s.images());
  }

  @Test
  void select_updateChangingOneImage_onlyTheNewOne() throws Exception {
    String old = Reviews.object("apps", "Deployment", "r/app:1");
    String now = old.replace("\"containers\":[", "\"containers\":[{\"name\":\"side\",\"image\":\"r/side:2\"},");
    AdmissionImages.Selection s = AdmissionImages.select(request(Reviews.review("apps", "Deployment", "UPDATE", now,
        old, null, false)));
    assertEquals(List.of("r/side:2"), images(s));
  }

  @Test
  void select_updateWithUnreadableOldObject_verifiesEverything() throws Exception {
    String now = Reviews.object("", "Pod", "r/app:1");
    String old = "{\"kind\":\"Pod\",\"spec\":{\"containers\":\"nonsense\"}}";
    AdmissionImages.Selection s = AdmissionImages.select(request(Reviews.review("", "Pod", "UPDATE", now, old, null,
        false)));
    assertEquals(List.of("r/app:1"), images(s));
  }

  @Test
  void select_objectBeingDeleted_skipped() throws Exception {
    String obj = "{\"kind\":\"Pod\",\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":"
        + Reviews.podSpec("r/new:1") + "}";
    AdmissionImages.Selection s = AdmissionImages.select(request(Reviews.review("", "Pod", "UPDATE", obj,
        Reviews.object("", "Pod", "r/old:1"), null, false)));
    assertNotNull(s.skip());
    assertEquals(List.of(), s.images());
  }

  @Test
  void select_deletionTimestampOnCreate_stillVerified() throws Exception {
    // only an UPDATE can concern an object being deleted; a CREATE carrying the field is verified as any other
    String obj = "{\"kind\":\"Pod\",\"metadata\":{\"deletionTimestamp\":\"2026-01-01T00:00:00Z\"},\"spec\":"
        + Reviews.podSpec("r/new:1") + "}";
    assertEquals(List.of("r/new:1"), images(AdmissionImages.select(request(Reviews.create("", "Pod", obj)))));
  }

  @Test
  void select_configMap_noneFound() throws Exception {
    String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"data\":{\"image\":\"r/x:1\"}}";
    assertTrue(AdmissionImages.select(request(Reviews.create("", "ConfigMap", cm))).noneFound());
  }

  @Test
  void select_containerWithoutImage_refused() throws Exception {
    String pod = "{\"kind\":\"Pod\",\"spec\":{\"containers\":[{\"name\":\"c\"}]}}";
    ConfigException e = assertThrows(ConfigException.class,
        () -> AdmissionImages.select(request(Reviews.create("", "Pod", pod))));
    assertTrue(e.getMessage().contains("image is required"), e.getMessage());
  }

  @Test
  void select_delete_skipped() throws Exception {
    AdmissionImages.Selection s = AdmissionImages.select(request(Reviews.review("", "Pod", "DELETE", null,
        Reviews.object("", "Pod", "r/x:1"), null, false)));
    assertNotNull(s.skip());
  }
}
