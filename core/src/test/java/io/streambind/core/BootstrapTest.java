package io.streambind.core;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThat;
class BootstrapTest { @Test void runs() { assertThat(org.nd4j.linalg.factory.Nd4j.ones(2,2).sumNumber().intValue()).isEqualTo(4); } }
