package io.qrflow.node;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.util.Map;

/**
 * Reads a QR code image the node drew. First as a scanner would (finder pattern detection), then,
 * if that finds nothing, as a pure barcode: ZXing's detector misses a few perfectly drawn symbols
 * (for example the code {@code br-6262b8bc} at 1024 px, which CI drew and then could not find),
 * while the image itself is exact.
 */
final class QrDecoder {

  private QrDecoder() {}

  static Result decode(BufferedImage image) throws Exception {
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image)));
    try {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE));
    } catch (NotFoundException detectorMissedIt) {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
    }
  }
}
