"""Heavy engines behind one-method interfaces, each with a working offline default."""
