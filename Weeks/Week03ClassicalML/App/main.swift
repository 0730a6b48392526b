import Week03ClassicalML
print("placeholder")
