print("w08")
