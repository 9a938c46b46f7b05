package io.qrflow.node;

import com.typesafe.config.ConfigFactory;

/** Starts one qrflow node from {@code application.conf} and the environment. */
public final class Main {

  private Main() {}

  public static void main(String[] args) {
    QrflowNode.start(ConfigFactory.load());
  }
}
